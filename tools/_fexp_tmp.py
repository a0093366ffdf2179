import sys
from pathlib import Path
from tests.formats.matrix import MATRIX_PLANS, Cache, convert, degrade
from ingestion.decode import split_lines
from ingestion.tables import reconstruct_tables
mp = {m.family: m for m in MATRIX_PLANS}[sys.argv[1]]
text = degrade(convert(mp.plan, sys.argv[2], Cache(Path('/work/wt/funding-matrix-cache'))), sys.argv[3] if len(sys.argv)>3 else 'none', f"{mp.family}|{sys.argv[2]}|{sys.argv[3] if len(sys.argv)>3 else 'none'}")
print(text)
lines = split_lines(text)
for t in reconstruct_tables(lines):
    print(t.kind, t.layout, t.header, t.roles)
    for r in t.rows: print('  ', r.kind, [c.text for c in r.cells])
