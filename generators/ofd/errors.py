"""What goes wrong turning a PDF into OFD: a fault of the PDF's producer or of this program,
never of the data, named so that the maintainer can find it."""
from __future__ import annotations

from partydocs.reuse.errors import PipelineError


class OfdError(PipelineError):
    """The PDF holds something the OFD writer cannot carry over faithfully."""

    def __init__(self, message: str, document: str = ""):
        self.message, self.document = message, document
        super().__init__(f"{document}：{message}" if document else message)

    def about(self, document: str) -> OfdError:
        """The same error, naming the document it was found in."""
        return OfdError(self.message, document)

    def messages(self) -> list[str]:
        return [str(self), "这不是数据的问题：PDF 照常生成，只是没有生成这份 OFD。请把以上信息发给维护人员。"]
