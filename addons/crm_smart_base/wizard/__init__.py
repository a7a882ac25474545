from . import smart_file_download
