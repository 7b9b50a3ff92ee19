# TEMPORARY STUB written by the main engineer so the skeleton imports; helper-1 replaces this file.
KIND_LABELS = {"pdf": "PDF", "jpg": "JPG", "png": "PNG", "docx": "DOCX", "xlsx": "XLSX"}
MIME_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def detect_kind(f):
    import filetype

    head = f.read(2048)
    f.seek(0)
    kind = filetype.guess(head)
    return {"pdf": "pdf", "jpg": "jpg", "png": "png"}.get(kind.extension if kind else None)
