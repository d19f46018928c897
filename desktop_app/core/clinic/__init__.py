"""Legal aid clinics' own spreadsheets: read any sheet (sheet.py), read the values people type
(values.py), guess which column holds each field (fields.py, guess.py), keep the column mapping
as a TOML file (mapping.py), and turn the mapped rows into the records a DOJ research file gives
(convert.py), so the engine, the window and the exports work unchanged. entry.py does the same
for one client typed into the client form; template.py writes the blank intake workbook.
The entry points that decide DOJ file or clinic sheet are in core/pipeline.py.
"""
