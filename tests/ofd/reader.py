"""Open an OFD as a user's viewer would and compare what it shows with the PDF it was made from.

The reader is ofd.js 0.2.6 (npm, installed in tests/ofd/reader by `npm ci`), a pure
JavaScript OFD renderer nobody here wrote, run in the headless Chromium the other browser
tests use, on a page served by a local HTTP server the tests start and stop. Each page is
screenshot at 192 dpi (2 device pixels a CSS pixel) and compared with poppler's rendering of
the PDF's page at the same size: both in grey, blurred by a Gaussian of 2 px (0.26 mm, what
anti-aliasing and hinting move), a pixel differs when the two greys differ by more than 40 of
255, and a page matches when fewer than THRESHOLD per cent of its pixels differ. The text is
what ofd.js draws, page by page, against poppler's `pdftotext -raw` (both without white space).

`python -m tests.ofd.reader PROJECT_ROOT` prints the figures for every OFD of a built project."""
from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from lxml import etree
from PIL import Image, ImageFilter

READER = Path(__file__).resolve().parent / "reader"
OFD_JS = READER / "node_modules" / "ofd.js" / "lib" / "ofd.umd.min.js"
NS = {"ofd": "http://www.ofdspec.org/2016"}
MM_PER_CSS_PX = 0.2642        # ofd.js sizes images for 96 dpi (0.2642 mm a pixel): draw pages at that scale
ZOOM = 2                      # device pixels a CSS pixel: 192 dpi
BLUR = 2.0                    # pixels
TOLERANCE = 40                # grey levels of 255
THRESHOLD = 1.0               # per cent of a page's pixels


@dataclass
class Shown:
    """An OFD as the reader showed it: one screenshot and one text per page."""

    pages: list[Path]
    texts: list[str]


class Browser:
    """Chromium driven by Playwright from a thread of its own. Playwright's sync API refuses to
    start in a thread where another sync Playwright runs (the article tests' browser, when
    both test folders share a worker), and its objects work only in the thread that made them:
    every use goes through `run`."""

    def __init__(self, executable: Path, args: list[str]):
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ofd-browser")
        self._thread.submit(self._start, executable, args).result()

    def _start(self, executable: Path, args: list[str]) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        try:
            self._chromium = self._playwright.chromium.launch(executable_path=str(executable), args=args)
        except Exception:
            self._playwright.stop()
            raise

    def run(self, work):
        """`work(chromium)`, run in the browser's thread; its result."""
        return self._thread.submit(work, self._chromium).result()

    def close(self) -> None:
        def stop(chromium):
            try:
                chromium.close()
            finally:
                self._playwright.stop()

        try:
            self.run(stop)
        finally:
            self._thread.shutdown()


class Reader:
    """ofd.js in a browser tab, fed from a local HTTP server over `folder`."""

    def __init__(self, browser: Browser, folder: Path, port: int):
        self.browser, self.folder, self.port = browser, folder, port

    def open(self, ofd: Path, shots: Path, fonts: bool = True) -> Shown:
        """The OFD's pages, screenshot into `shots`, and their text; `fonts=False` leaves the
        reader to its own font lookup by name (what the viewer page's adaptation replaces)."""
        name = f"{len(list(self.folder.iterdir()))}"          # a folder of its own for each document
        served = self.folder / name
        served.mkdir()
        shutil.copyfile(ofd, served / "document.ofd")
        files = embedded_fonts(ofd, served)
        urls = {font_id: f"/{name}/{file.name}" for font_id, file in files.items()} if fonts else {}
        shots.mkdir(parents=True, exist_ok=True)
        return self.browser.run(lambda chromium: self._show(chromium, f"/{name}/document.ofd", urls, shots))

    def _show(self, chromium, url: str, fonts: dict[str, str], shots: Path) -> Shown:
        page = chromium.new_page(viewport={"width": 1000, "height": 1200}, device_scale_factor=ZOOM)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        try:
            page.goto(f"http://127.0.0.1:{self.port}/reader/viewer.html", wait_until="load")
            count = page.evaluate("([url, fonts, scale]) => openOfd(url, fonts, scale)", [url, fonts, 1 / MM_PER_CSS_PX])
            assert not errors, errors
            pictures = []
            for number, element in enumerate(page.query_selector_all("#pages > div > div"), 1):
                pictures.append(shots / f"ofd-{number}.png")
                element.screenshot(path=str(pictures[-1]))
            assert len(pictures) == count
            return Shown(pictures, page.evaluate("pageTexts()"))
        finally:
            page.close()


@contextmanager
def reader(browser: Browser, folder: Path):
    """A Reader whose server runs while the block does, and stops with it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "reader").symlink_to(READER, target_is_directory=True)
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Reader(browser, folder, server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def embedded_fonts(ofd: Path, folder: Path) -> dict[str, Path]:
    """Each font resource's ID and its embedded file, written to `folder` (PublicRes and
    DocumentRes, each FontFile relative to its resource file's BaseLoc)."""
    fonts = {}
    with zipfile.ZipFile(ofd) as package:
        document_xml = document_path(package)
        base = document_xml.rsplit("/", 1)[0]
        common = etree.fromstring(package.read(document_xml)).find("ofd:CommonData", NS)
        for tag in ("PublicRes", "DocumentRes"):
            for res_file in common.iterfind(f"ofd:{tag}", NS):
                res_path = f"{base}/{res_file.text}"
                res = etree.fromstring(package.read(res_path))
                res_base = "/".join(filter(None, [res_path.rsplit("/", 1)[0], res.get("BaseLoc")]))
                for font in res.iterfind("ofd:Fonts/ofd:Font", NS):
                    file = font.find("ofd:FontFile", NS)
                    assert file is not None, f"字体 {font.get('FontName')} 没有嵌入（无 FontFile）"
                    target = folder / f"font-{font.get('ID')}{Path(file.text).suffix}"
                    target.write_bytes(package.read(f"{res_base}/{file.text}"))
                    fonts[font.get("ID")] = target
    return fonts


def document_path(package: zipfile.ZipFile) -> str:
    root = etree.fromstring(package.read("OFD.xml"))
    return root.find("ofd:DocBody/ofd:DocRoot", NS).text


def pdf_pages(pdf: Path, like: list[Path], folder: Path) -> list[Path]:
    """The PDF's pages drawn by poppler at the reader's resolution, each fitted to the pixel
    size of the reader's page (they differ by the rounding of a pixel at most)."""
    dpi = 25.4 / MM_PER_CSS_PX * ZOOM
    subprocess.run(["pdftoppm", "-png", "-r", f"{dpi:.4f}", str(pdf), str(folder / "pdf")], check=True)
    pages = sorted(folder.glob("pdf-*.png"), key=lambda path: int(path.stem.rsplit("-", 1)[1]))
    for page, shot in zip(pages, like):
        size, wanted = Image.open(page).size, Image.open(shot).size
        assert max(abs(a - b) for a, b in zip(size, wanted)) <= 2, f"{pdf.name}: {size} ≠ {wanted}"
        if size != wanted:
            Image.open(page).resize(wanted, Image.Resampling.BICUBIC).save(page)
    return pages


def difference(one: Path, other: Path) -> float:
    """The per cent of pixels whose blurred greys differ by more than TOLERANCE."""
    first, second = (np.asarray(Image.open(p).convert("L").filter(ImageFilter.GaussianBlur(BLUR)), dtype=np.int16)
                     for p in (one, other))
    assert first.shape == second.shape, (one, other)
    return float((np.abs(first - second) > TOLERANCE).mean() * 100)


def pdf_texts(pdf: Path) -> list[str]:
    """Each page's text as poppler reads it in the content's order, without white space."""
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout)[1])
    return [compact(subprocess.run(["pdftotext", "-raw", "-f", str(n), "-l", str(n), str(pdf), "-"],
                                   capture_output=True, text=True, check=True).stdout) for n in range(1, count + 1)]


def pdf_of(ofd: str) -> str:
    """The PDF an OFD below output/ was made from: `2021/ofd/brochure.ofd` → `2021/brochure.pdf`."""
    return re.sub(r"(^|/)ofd/", r"\1", ofd, count=1).removesuffix(".ofd") + ".pdf"


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def main(root: Path) -> None:
    """Print each OFD's pages' differences from its PDF (the figures the tests hold to THRESHOLD)."""
    import tempfile

    from tests.article.conftest import CHROMIUM, CHROMIUM_ARGS

    output = root / "output"
    with tempfile.TemporaryDirectory() as scratch:
        browser = Browser(CHROMIUM, CHROMIUM_ARGS)
        try:
            with reader(browser, Path(scratch) / "served") as ofd_reader:
                for ofd in sorted(output.rglob("*.ofd")):
                    relative = ofd.relative_to(output).as_posix()
                    pdf = output / pdf_of(relative)
                    shots = Path(scratch) / "shots" / relative
                    shown = ofd_reader.open(ofd, shots)
                    figures = [difference(a, b) for a, b in zip(shown.pages, pdf_pages(pdf, shown.pages, shots))]
                    same_text = shown.texts and [compact(t) for t in shown.texts] == pdf_texts(pdf)
                    print(f"{relative}\t{len(figures)} 页\t最大 {max(figures):.3f}%\t平均 {sum(figures) / len(figures):.3f}%"
                          f"\t文字{'相同' if same_text else '不同'}\t" + " ".join(f"{f:.3f}" for f in figures))
        finally:
            browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve())
