"""Start-up checks for what would otherwise fail silently."""

from django.contrib.staticfiles import finders
from django.core import checks

PDF_FONTS = ("fonts/NotoSerifSC-Regular.otf", "fonts/NotoSansSC-Regular.otf")


@checks.register()
def pdf_fonts_present(app_configs, **kwargs):
    # Without a CJK font WeasyPrint draws empty boxes and raises nothing.
    return [
        checks.Error(
            f"PDF 中文字体缺失：{name}（应由 requirements.txt 中的 pylopdf-fonts-zh-cn 提供）。",
            id="efficiency_center.E001",
        )
        for name in PDF_FONTS
        if not finders.find(name)
    ]
