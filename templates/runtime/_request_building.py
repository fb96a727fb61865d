"""The HTTP request of one attempt: headers, cookies, query, and a JSON, form, multipart
or raw body, refused before sending when a header could not be sent as it is."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import IO, Any

import httpx

from ._exceptions import InvalidRequestError
from ._response import APIRequest
from ._transfer import ACCEPT_ENCODING
from ._uploads import Upload, open_files
from ._wire import json_dumps, merge_query, multipart, unsendable_header

__all__ = ["RequestBuilding", "Timeout"]

# An attempt's time limit: seconds, an httpx.Timeout by phase, or None for none.
Timeout = float | httpx.Timeout | None


class RequestBuilding:
    """Builds each attempt's request; a part of `BaseClient`, which sets these attributes."""

    base_url: httpx.URL
    default_headers: dict[str, str]
    generated_headers: tuple[str, ...]

    def _call_headers(
        self, request: APIRequest[Any], extra_headers: Mapping[str, str] | None
    ) -> dict[str, str]:
        """Per-call headers, with a fresh correlation ID where the API wants one and none was given.

        Made once per call, so every retry of the call carries the same ID.
        """
        given = {
            name.lower()
            for name in (*self.default_headers, *request.headers, *(extra_headers or {}))
        }
        fresh = {
            name: uuid.uuid4().hex for name in self.generated_headers if name.lower() not in given
        }
        return {**fresh, **(extra_headers or {})}

    def _build(
        self,
        http: httpx.Client | httpx.AsyncClient,
        request: APIRequest[Any],
        extra_headers: Mapping[str, str],
        extra_query: Mapping[str, object] | None,
        timeout: Timeout,
        upload: Upload,
    ) -> tuple[httpx.Request, list[IO[bytes]]]:
        """The request of one attempt, and the files it opened (closed when the attempt ends)."""
        headers = {
            "Accept": request.accept or "application/json",
            # A stream is read as it arrives: compressed, one chunk could expand past any limit.
            "Accept-Encoding": "identity" if request.stream else ACCEPT_ENCODING,
            **self.default_headers,
            **request.headers,
        }
        if request.content_type and request.json is None and request.multipart is None:
            headers["Content-Type"] = request.content_type
        headers.update(extra_headers)
        body = json_dumps(request.json) if request.json is not None else None
        if body is not None:
            headers["Content-Type"] = "application/json"
        bad = unsendable_header({**headers, **request.cookies})
        if bad is not None:
            # Sending it would split the header (CR, LF), or httpx could not encode it.
            raise self._refused(
                request,
                f"header or cookie {bad[:100]!r} holds a line break, NUL or non-ASCII text; not sent",
            )
        data, files = (
            multipart(request.multipart) if request.multipart is not None else (request.data, None)
        )
        files, opened = open_files(files) if files else (files, [])
        built = http.build_request(
            request.method,
            self.base_url.join(request.path.lstrip("/")),
            # None, not an empty tuple, keeps a query already in the path (a next-page link).
            params=tuple(merge_query(request.params, extra_query)) or None,
            headers=headers,
            cookies=dict(request.cookies) or None,
            content=body if body is not None else upload.content(),
            data=data,
            files=files,
            timeout=timeout,
        )
        return built, opened

    def _refused(self, request: APIRequest[Any], reason: str) -> InvalidRequestError:
        url = self.base_url.join(request.path.lstrip("/"))
        return InvalidRequestError(reason, request=httpx.Request(request.method, url))
