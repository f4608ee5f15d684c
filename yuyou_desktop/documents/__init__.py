"""Documents: reportlab PDFs and openpyxl workbooks.  Input is plain values, output is bytes
or a file.  Empty in the foundation; letters (GB/T 9704) and Excel registers arrive here."""
