#!/usr/bin/env python3
"""Packs training faces of a ganimate dataset into tar chunks of given sizes, for a machine that can take only so
many bytes per call. Chunk 1 also holds aus.csv (the rows of every packed face), test_ids.csv (a few test faces with
their images) and train_ids.csv lists; the chunks unpack into one dataset folder.
Usage: pack-data.py DATASET OUT_DIR BYTES [BYTES ...]  (faces drawn at random, seed 1, from train_ids.csv)"""
import io, os, random, sys, tarfile

src, out, sizes = sys.argv[1], sys.argv[2], [int(x) for x in sys.argv[3:]]
ids = [l.strip() for l in open(os.path.join(src, 'train_ids.csv')) if l.strip()]
test = [l.strip() for l in open(os.path.join(src, 'test_ids.csv')) if l.strip()][:48]
random.Random(1).shuffle(ids)
rows = {}
lines = open(os.path.join(src, 'aus.csv')).read().splitlines()
header = lines[0]
for l in lines[1:]:
    rows[l.split(',', 1)[0]] = l
os.makedirs(out, exist_ok=True)

def add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))

taken, i = [], 0
for c, budget in enumerate(sizes):
    path = os.path.join(out, f'data{c + 1}.tar')
    chunk = []
    used = 12288 + (len(test) * 8192 + 3_000_000 if c == 0 else 0)  # tar records; chunk 1's aus.csv and test faces
    while i < len(ids):
        f = os.path.join(src, 'imgs', ids[i] + '.jpg')
        need = (os.path.getsize(f) + 511) // 512 * 512 + 512
        if used + need > budget:
            break
        used += need
        chunk.append(ids[i])
        i += 1
    taken.append(chunk)
    with tarfile.open(path, 'w', format=tarfile.GNU_FORMAT) as tar:
        for k in chunk + (test if c == 0 else []):
            tar.add(os.path.join(src, 'imgs', k + '.jpg'), f'imgs/{k}.jpg')
        add_bytes(tar, f'train_ids.{c + 1}.csv', ('\n'.join(chunk) + '\n').encode())
        if c == 0:
            add_bytes(tar, 'test_ids.csv', ('\n'.join(test) + '\n').encode())
    print(path, len(chunk), 'faces', os.path.getsize(path), 'bytes')
every = [k for ch in taken for k in ch] + test
with tarfile.open(os.path.join(out, 'data1.tar'), 'a', format=tarfile.GNU_FORMAT) as tar:
    add_bytes(tar, 'aus.csv', ('\n'.join([header] + [rows[k] for k in every]) + '\n').encode())
print('data1.tar with aus.csv', os.path.getsize(os.path.join(out, 'data1.tar')), 'bytes')
