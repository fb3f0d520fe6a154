"""The article's style file, templates/styles/article.yaml: image size and the inline CSS of
each part. Inline only, since the WeChat editor drops stylesheets; a declaration may not load
anything (no url(), no @import) nor leave its attribute."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from partydocs.model.settings import read_settings

STYLE_FILE = Path("styles") / "article.yaml"
LOADS_OR_ESCAPES = re.compile(r"url\s*\(|@import|expression\s*\(|javascript:|[<>\"\\{}]", re.IGNORECASE)


def _declarations(value: str) -> str:
    found = LOADS_OR_ESCAPES.search(value)
    if found:
        raise PydanticCustomError(
            "css", "不能含有“{found}”：这里只写 CSS 声明，如 font-size:17px;color:#333;（不引用外部文件，不写引号、尖括号、花括号）",
            {"found": found.group()})
    value = value.strip()
    return value if not value or value.endswith(";") else value + ";"


Css = Annotated[str, Field(max_length=600), AfterValidator(_declarations)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Images(_Strict):
    width: Annotated[int, Field(ge=200, le=2000)] = 750     # pixels; narrower photos keep their width
    quality: Annotated[int, Field(ge=30, le=95)] = 85       # JPEG quality


class Styles(_Strict):
    page: Css = "margin:0 auto;padding:16px;max-width:677px;color:#333;font-size:17px;line-height:1.75;letter-spacing:0.5px;text-align:justify;overflow-wrap:break-word;word-break:break-word;"
    title: Css = "margin:0 0 16px;font-size:22px;line-height:1.4;font-weight:bold;color:#222;text-align:left;"
    lead: Css = "margin:0 0 16px;text-indent:2em;"
    heading: Css = "margin:32px 0 12px;padding:4px 10px;font-size:18px;line-height:1.5;font-weight:bold;color:#ffffff;background-color:#b71c1c;text-align:left;"
    label: Css = "margin:16px 0 6px;font-size:16px;font-weight:bold;color:#b71c1c;"
    facts: Css = "margin:0 0 12px;padding:10px 12px;font-size:15px;line-height:1.7;background-color:#fbf3f3;text-align:left;"
    fact: Css = "margin:0;"
    paragraph: Css = "margin:0 0 12px;text-indent:2em;"
    item: Css = "margin:0 0 4px;padding-left:1em;text-indent:-1em;"
    figure: Css = "margin:16px 0;text-align:center;"
    image: Css = "display:block;margin:0 auto;"
    caption: Css = "margin:6px 0 0;font-size:14px;line-height:1.6;color:#666;text-align:center;"
    separator: Css = "margin:32px 0 20px;text-indent:0;text-align:center;font-size:14px;letter-spacing:4px;color:#b71c1c;"
    reading: Css = "margin:32px 0 12px;padding-top:12px;border-top:1px solid #dddddd;font-size:18px;font-weight:bold;color:#b71c1c;"
    plan_name: Css = "margin:12px 0 4px;font-weight:bold;text-align:left;"


class ArticleStyle(_Strict):
    images: Images = Images()
    styles: Styles = Styles()


def load_style(templates_dir: Path) -> ArticleStyle:
    """The validated style (defaults when the file is absent), or DataError naming each mistake."""
    path = templates_dir / STYLE_FILE
    if not path.is_file():
        return ArticleStyle()
    return read_settings(path, f"templates/{STYLE_FILE.as_posix()}", ArticleStyle)[1]
