"""The one error shape every endpoint answers with."""

from starlette.responses import JSONResponse


def error_response(status: int, code: str, message: str, fields: dict | None = None, headers: dict | None = None) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "fields": fields or {}}}
    return JSONResponse(body, status_code=status, headers=headers)
