// pickle and its relatives, marshal, YAML, torch.
#include "analysis.hpp"

#include <catch2/catch.hpp>

using namespace python_security_test;

TEST_CASE("pickle-style loaders in every spelling", "[deserialization]") {
    CHECK(lines_of(R"py(
import pickle, cPickle, dill, shelve, jsonpickle
import pandas as pd
from pickle import loads as restore, Unpickler
pickle.load(handle)
restore(blob)
Unpickler(handle).load()
cPickle.loads(blob)
dill.loads(blob)
shelve.open(path)
jsonpickle.decode(text)
pd.read_pickle(path)
pickle.dumps(value)
pickle.dump(value, handle)
)py",
                   "PY-PICKLE") == lines{4, 5, 6, 7, 8, 9, 10, 11});
}

TEST_CASE("marshal loads are reported, dumps are not", "[deserialization]") {
    CHECK(lines_of(R"py(
import marshal
code = marshal.load(handle)
code = marshal.loads(blob)
blob = marshal.dumps(code)
)py",
                   "PY-MARSHAL") == lines{2, 3});
}

TEST_CASE("yaml.load needs a safe loader", "[deserialization]") {
    CHECK(lines_of(R"py(
import yaml
from yaml import CSafeLoader, FullLoader
yaml.load(text)
yaml.load(text, Loader=yaml.FullLoader)
yaml.load(text, FullLoader)
yaml.load_all(text)
yaml.unsafe_load(text)
yaml.load(text, Loader=yaml.SafeLoader)
yaml.load(text, yaml.SafeLoader)
yaml.load(text, Loader=CSafeLoader)
yaml.load_all(text, Loader=yaml.BaseLoader)
yaml.safe_load(text)
yaml.full_load_thing(text)
)py",
                   "PY-YAML-LOAD") == lines{3, 4, 5, 6, 7});
}

TEST_CASE("torch.load needs weights_only=True", "[deserialization]") {
    CHECK(lines_of(R"py(
import torch
model = torch.load(path)
model = torch.load(path, weights_only=False)
model = torch.load(path, map_location="cpu")
model = torch.load(
    path,
    weights_only=True,
)
)py",
                   "PY-TORCH-LOAD") == lines{2, 3, 4});
}
