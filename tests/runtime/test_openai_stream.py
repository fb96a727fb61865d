"""OpenAI's generated client streams a chat completion as typed chunks, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import importlib
import json
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from .scripted_server import Reply, ScriptedServer

OPENAI = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "openai-openapi.yaml"
REQUEST = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Say hello"}]}


def chunk(content: str, finish: str | None = None) -> dict[str, Any]:
    delta = {"role": "assistant", "content": content} if content else {}
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 1_700_000_000,
        "model": "gpt-4o",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


EVENTS = [f"data: {json.dumps(chunk(text))}\n\n".encode() for text in ("Hel", "lo", "!")]
EVENTS += [f"data: {json.dumps(chunk('', 'stop'))}\n\n".encode(), b"data: [DONE]\n\n"]


@pytest.fixture(scope="module")
def openai_client(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    if not OPENAI.exists():
        pytest.skip("needs the corpus's OpenAI document")
    out = tmp_path_factory.mktemp("openai")
    command = [
        sys.executable,
        "-m",
        "generator",
        "-q",
        "generate",
        str(OPENAI),
        "-o",
        str(out),
        "-p",
        "openai_stream_client",
    ]
    subprocess.run(command, check=True, capture_output=True)
    sys.path.insert(0, str(out))
    return importlib.import_module("openai_stream_client")


def test_a_chat_completion_streams_as_typed_chunks_sync_and_async(openai_client: ModuleType) -> None:
    models = openai_client.models
    with ScriptedServer([Reply(200, chunks=EVENTS, pause=0.3)]).running() as api:
        with openai_client.Client(base_url=api.url, api_key_auth_token="sk-test") as client:
            started = time.monotonic()
            arrivals = []
            with client.chat.create_chat_completion_stream(body=REQUEST) as stream:
                for item in stream:
                    arrivals.append((item, time.monotonic() - started))
        assert all(isinstance(item, models.CreateChatCompletionStreamResponse) for item, _ in arrivals)
        text = "".join(item.choices[0].delta.content or "" for item, _ in arrivals)
        assert text == "Hello!" and arrivals[-1][0].choices[0].finish_reason.value == "stop"
        assert arrivals[0][1] < 0.25 < arrivals[1][1], "each chunk as it arrives"

        async def stream_async() -> list[str]:
            async with openai_client.AsyncClient(base_url=api.url, api_key_auth_token="sk-test") as client:
                stream = await client.chat.create_chat_completion_stream(body=REQUEST)
                async with stream:
                    return [item.choices[0].delta.content or "" async for item in stream]

        assert "".join(asyncio.run(stream_async())) == "Hello!"
    sync_request, async_request = api.seen
    for seen in (sync_request, async_request):
        assert seen.path == "/chat/completions" and seen.headers["Accept"] == "text/event-stream"
        assert seen.headers["Authorization"] == "Bearer sk-test"
        assert json.loads(seen.body) == {**REQUEST, "stream": True}
