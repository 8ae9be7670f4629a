"""The Python peer of the peers benchmark: FastMCP serving the `greet` tool over stateless
Streamable HTTP with JSON responses at /mcp, on 127.0.0.1:$PORT. FastMCP runs it with uvicorn,
one process."""

import os
import sys

from fastmcp import FastMCP

mcp = FastMCP("fastmcp-peer")


@mcp.tool
def greet(name: str) -> str:
    """Return a greeting for the given name."""
    return f"Hello, {name}!"


if __name__ == "__main__":
    try:
        port = int(os.environ["PORT"])
    except (KeyError, ValueError):
        sys.exit(f"invalid PORT {os.environ.get('PORT')!r}; set it to a number from 1 to 65535")
    mcp.run(
        transport="http",
        host="127.0.0.1",
        port=port,
        path="/mcp",
        stateless_http=True,
        json_response=True,
        show_banner=False,
        # Per-request access logs would cost the peer throughput that the Rust servers do not pay.
        log_level="warning",
    )
