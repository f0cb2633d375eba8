"""The live preview's server: `serve` wires a `serve.Preview` to a file watcher that reacts to
file events (`watching.changes`) and groups a burst of saves into one rebuild, and to livereload's
server for the browser reload. livereload's own watcher polls and drops reloads that follow the
last one within seconds, so it is replaced by one that never polls and the reload is sent
directly. Its handler of the site's files is `answering`."""

from __future__ import annotations

import os
import pathlib
import shutil
import socket
import sys
import tempfile
import threading

from .serve import Preview
from .watching import changes, saved

IDLE_AFTER = 0.05  # seconds after a reload is sent: the preview tidies up its memory (`Preview.idle`)


def port_taken(host: str, port: int) -> str | None:
    """Why the preview could not listen on `port` (in use, or not this user's to take), before the
    first build rather than after it; None when it can. (Tornado listens the same way: on POSIX it
    reuses an address a closed connection still holds; on Windows, where that option would let two
    programs share a port, it does not.)"""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        if os.name != "nt":
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            return error.strerror or type(error).__name__
    return None


# the names a browser on this computer reaches the preview by, whatever address it listens on
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})
EVERY_INTERFACE = frozenset({"", "0.0.0.0", "::"})


def answering(preview: Preview, host: str = "127.0.0.1") -> type:
    """The preview server's handler of the site's files (livereload's, which adds its reload script
    to every HTML page): an address with no file gets the preview's answer (`Preview.not_found`),
    and a page goes out under the last build's warnings (`Preview.served`). A request that names
    another host than the one it listens on (`host`, or this computer's own names) is refused: a
    web page the editor visits could otherwise read the preview, drafts and all, by giving its own
    name the address 127.0.0.1 (DNS rebinding). Listening on every interface, any name is taken."""
    from livereload.handlers import StaticFileHandler
    from tornado import web

    names = LOOPBACK_NAMES | {host.lower()}

    class Answering(StaticFileHandler):  # type: ignore[misc]
        def prepare(self) -> None:
            named = self.request.host_name.lower()
            if host not in EVERY_INTERFACE and named not in names:
                raise web.HTTPError(400, reason="the preview answers only its own address")
            super().prepare()

        async def get(self, path: str, include_body: bool = True) -> None:
            if not preview.warnings or preview.showing_banner:
                return await super().get(path, include_body)  # type: ignore[no-any-return]
            self.path = self.parse_url_path(path)  # (as tornado's own `get` starts)
            absolute = self.validate_absolute_path(self.root, self.get_absolute_path(self.root, self.path))
            if absolute is None:  # a folder's address without its slash: sent to the one with it
                return None
            if not absolute.endswith(".html"):
                return await super().get(path, include_body)  # type: ignore[no-any-return]
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(preview.served(pathlib.Path(absolute).read_bytes()))
            return None

        def compute_etag(self) -> str | None:
            """The ETag of what is sent: a page under the warnings is not its file, and a browser
            that kept it under the file's ETag would be told at the next reload that nothing changed
            (tornado's own `finish` answers 304 then), though the warnings did."""
            if getattr(self, "absolute_path", None) is None:  # a page made here, not read by tornado
                return web.RequestHandler.compute_etag(self)
            return super().compute_etag()  # type: ignore[no-any-return]

        def write_error(self, status_code: int, **kwargs: object) -> None:
            page = preview.not_found() if status_code == 404 else None
            if page is None:
                super().write_error(status_code, **kwargs)
                return
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(preview.served(page))

    return Answering


def serve(project: pathlib.Path, host: str = "127.0.0.1", port: int = 8000) -> int:  # pragma: no cover - manual
    import livereload
    from livereload.handlers import LiveReloadHandler
    from livereload.watcher import Watcher
    from tornado import ioloop

    class EventsOnly(Watcher):
        """Never polls: changes arrive from the file-event thread below."""

        def start(self, callback: object) -> bool:
            return True

    taken = port_taken(host, port)
    if taken:
        why = ("only an administrator may use a port under 1024" if port < 1024 and "denied" in taken.lower()
               else "another preview may be running; stop it")
        print(f"error: the preview cannot listen on port {port} ({taken}): {why}, or choose another port with --port",
              file=sys.stderr)
        return 2
    project = project.resolve()
    output = pathlib.Path(tempfile.mkdtemp(prefix="confsite-preview-"))
    preview = Preview(project, output, f"http://{host}:{port}/")
    print(preview.full().describe(), flush=True)
    server = livereload.Server(watcher=EventsOnly())
    server.SFH = answering(preview, host)
    loop_holder: dict[str, ioloop.IOLoop] = {}
    stop = threading.Event()

    def apply(changed: set[str]) -> None:
        report = preview.update(changed)
        said = report.describe()  # (its problems start with their file: the saved files on a line of their own)
        print(f"{', '.join(saved(changed))}:{chr(10) if chr(10) in said else ' '}{said}", flush=True)
        LiveReloadHandler.reload_waiters(path="*")
        ioloop.IOLoop.current().call_later(IDLE_AFTER, preview.idle)  # once the reload has gone out

    def watch() -> None:
        for changed in changes(project, stop):
            if "loop" in loop_holder:
                loop_holder["loop"].add_callback(apply, changed)

    def remember_loop() -> None:
        loop_holder["loop"] = ioloop.IOLoop.current()

    ioloop.IOLoop.current().add_callback(remember_loop)
    threading.Thread(target=watch, daemon=True).start()
    print(f"Serving the preview at http://{host}:{port}/ (Ctrl+C to stop)", flush=True)
    try:
        server.serve(host=host, port=port, root=str(output), open_url_delay=None, restart_delay=0)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        shutil.rmtree(output, ignore_errors=True)
    return 0
