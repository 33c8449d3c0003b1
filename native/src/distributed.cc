// libtorch's distributed layer (c10d), thinly: one process group per process over a TCP store, and the
// collectives data-parallel training needs. Gloo carries CPU tensors; NCCL carries CUDA tensors when
// the addon was built against a libtorch that has it. Bucketing, averaging and when to call what are
// TypeScript's (src/torch/distributed.ts).
#include "tensor.h"

#ifdef GA_WITH_GLOO
#ifndef USE_C10D_GLOO
#define USE_C10D_GLOO
#endif
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#ifdef GA_WITH_NCCL
#ifndef USE_C10D_NCCL
#define USE_C10D_NCCL
#endif
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif
#include <cstdlib>

namespace {

struct Group {
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroup> gloo;
#ifdef GA_WITH_NCCL
  c10::intrusive_ptr<c10d::ProcessGroup> nccl;
#endif
  int rank = 0;
  int size = 1;
};

Group* group = nullptr;

Group& Current(const Napi::Env& env) {
  if (!group) throw Napi::Error::New(env, "no process group: call distInit first");
  return *group;
}

// The group that carries these tensors: NCCL for CUDA tensors when the build has it, else Gloo.
c10d::ProcessGroup& For(const Napi::Env& env, const std::vector<at::Tensor>& ts) {
  Group& g = Current(env);
  if (!ts.empty() && ts[0].is_cuda()) {
#ifdef GA_WITH_NCCL
    if (g.nccl) return *g.nccl;
#endif
    throw Napi::Error::New(env,
        "CUDA tensors need NCCL: build the addon against a CUDA libtorch whose headers include nccl.h "
        "(LIBTORCH=<dir> npm run build:native)");
  }
  return *g.gloo;
}

// Gloo's device: an interface named by GANIMATE_GLOO_IFNAME, loopback when the store is there, else the
// address this machine's hostname resolves to.
std::shared_ptr<::gloo::transport::Device> GlooDevice(const std::string& host) {
  if (const char* ifname = std::getenv("GANIMATE_GLOO_IFNAME"))
    return c10d::ProcessGroupGloo::createDeviceForInterface(ifname);
  if (host == "127.0.0.1" || host == "localhost")
    return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
  return c10d::ProcessGroupGloo::createDefaultDevice();
}

void Wait(c10::intrusive_ptr<c10d::Work> w) {
  w->wait();
}

}  // namespace

void InitDistributed(Napi::Env env, Napi::Object e) {
  (void)env;
  GA_EXPORT(e, "distAvailable", {
    Napi::Object o = Napi::Object::New(info.Env());
    o.Set("gloo", true);
#ifdef GA_WITH_NCCL
    o.Set("nccl", true);
#else
    o.Set("nccl", false);
#endif
    return o;
  });
  // distInit(host, port, rank, size, timeoutMs, nccl): rank 0 serves the store; every rank waits for all.
  GA_EXPORT(e, "distInit", {
    if (group) throw Napi::Error::New(info.Env(), "a process group exists already: call distDestroy first");
    std::string host = info[0].As<Napi::String>().Utf8Value();
    int rank = static_cast<int>(Num(info[2], "rank"));
    int size = static_cast<int>(Num(info[3], "world size"));
    std::chrono::milliseconds timeout(static_cast<int64_t>(Num(info[4], "timeout")));
    c10d::TCPStoreOptions so;
    so.port = static_cast<std::uint16_t>(Num(info[1], "port"));
    so.isServer = rank == 0;
    so.numWorkers = size;
    so.waitWorkers = true;
    so.timeout = timeout;
    auto g = std::make_unique<Group>();
    g->store = c10::make_intrusive<c10d::TCPStore>(host, so);
    auto opts = c10d::ProcessGroupGloo::Options::create(timeout);
    opts->devices.push_back(GlooDevice(host));
    opts->threads = 1;
    g->gloo = c10::make_intrusive<c10d::ProcessGroupGloo>(
        c10::make_intrusive<c10d::PrefixStore>("gloo", g->store), rank, size, opts);
#ifdef GA_WITH_NCCL
    if (info.Length() > 5 && info[5].ToBoolean()) {
      auto nopts = c10d::ProcessGroupNCCL::Options::create();
      nopts->timeout = timeout;
      g->nccl = c10::make_intrusive<c10d::ProcessGroupNCCL>(
          c10::make_intrusive<c10d::PrefixStore>("nccl", g->store), rank, size, nopts);
    }
#endif
    g->rank = rank;
    g->size = size;
    group = g.release();
    return info.Env().Undefined();
  });
  // distAllReduce(tensor): the tensor becomes the sum over ranks, in place. (c10d's list form is one tensor per
  // device of this process, not a list of tensors: buckets are flattened in TypeScript.)
  GA_EXPORT(e, "distAllReduce", {
    std::vector<at::Tensor> ts{GA_T(0)};
    c10d::AllreduceOptions o;
    o.reduceOp = c10d::ReduceOp::SUM;
    Wait(For(info.Env(), ts).allreduce(ts, o));
    return info.Env().Undefined();
  });
  // distBroadcast(tensor, root): every rank's tensor becomes root's, in place.
  GA_EXPORT(e, "distBroadcast", {
    std::vector<at::Tensor> ts{GA_T(0)};
    c10d::BroadcastOptions o;
    o.rootRank = static_cast<int64_t>(Num(info[1], "root"));
    Wait(For(info.Env(), ts).broadcast(ts, o));
    return info.Env().Undefined();
  });
  GA_EXPORT(e, "distBarrier", {
    Wait(Current(info.Env()).gloo->barrier());
    return info.Env().Undefined();
  });
  GA_EXPORT(e, "distDestroy", {
    delete group;
    group = nullptr;
    return info.Env().Undefined();
  });
}

#else  // built without gloo's headers: the same names, each saying what is missing

void InitDistributed(Napi::Env env, Napi::Object e) {
  (void)env;
  GA_EXPORT(e, "distAvailable", {
    Napi::Object o = Napi::Object::New(info.Env());
    o.Set("gloo", false);
    o.Set("nccl", false);
    return o;
  });
  for (const char* name : {"distInit", "distAllReduce", "distBroadcast", "distBarrier", "distDestroy"})
    e.Set(name, Napi::Function::New(env, [](const Napi::CallbackInfo& info) -> Napi::Value {
      throw Napi::Error::New(info.Env(),
          "this addon was built without c10d's Gloo: install libgloo-dev (apt-get install -y libgloo-dev), "
          "then npm run build:native");
    }));
}

#endif
