"""Minutes of meetings and the printed documents (minutes, attendance list) rendered from them."""

# Migration 0003 stores the upload path function as meetings.minutes.printed_upload_to.
from .models import printed_upload_to

__all__ = ["printed_upload_to"]
