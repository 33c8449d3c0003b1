// Process-wide engine settings: seeds and RNG state, threads, devices, live-handle count.
#include "tensor.h"

#include <ATen/autocast_mode.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>

// The default random generator of the device named by argument i ('cuda', 'cuda:1'), else the CPU's.
static at::Generator GeneratorOf(const Napi::CallbackInfo& info, size_t i) {
  if (info.Length() > i && info[i].IsString())
    return at::globalContext().defaultGenerator(at::Device(info[i].As<Napi::String>().Utf8Value()));
  return at::detail::getDefaultCPUGenerator();
}

void InitRuntime(Napi::Env env, Napi::Object e) {
  (void)env;
  GA_EXPORT(e, "manualSeed", { at::manual_seed(static_cast<uint64_t>(Num(info[0], "seed"))); return info.Env().Undefined(); });
  GA_EXPORT(e, "getRngState", {
    at::Generator gen = GeneratorOf(info, 0);
    std::lock_guard<std::mutex> lock(gen.mutex());
    at::Tensor s = gen.get_state();
    auto out = Napi::Uint8Array::New(info.Env(), static_cast<size_t>(s.numel()));
    std::memcpy(out.Data(), s.data_ptr<uint8_t>(), s.numel());
    return out;
  });
  GA_EXPORT(e, "setRngState", {
    auto data = info[0].As<Napi::Uint8Array>();
    at::Tensor s = at::empty({static_cast<int64_t>(data.ElementLength())}, at::kByte);
    std::memcpy(s.data_ptr<uint8_t>(), data.Data(), data.ElementLength());
    at::Generator gen = GeneratorOf(info, 1);
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_state(s);
    return info.Env().Undefined();
  });
  GA_EXPORT(e, "setNumThreads", { at::set_num_threads(static_cast<int>(Num(info[0], "threads"))); return info.Env().Undefined(); });
  GA_EXPORT(e, "getNumThreads", { return Napi::Number::New(info.Env(), at::get_num_threads()); });
  GA_EXPORT(e, "setMkldnnEnabled", { at::globalContext().setUserEnabledMkldnn(info[0].ToBoolean()); return info.Env().Undefined(); });
  // Mixed precision (torch.autocast): while on, the device's convolutions and matrix products run in bfloat16 and the
  // rest in float32. enterAutocast(device) returns whether it was on before; exitAutocast(device, before) restores it
  // and, leaving the outermost region, drops the casts of weights cached in it (they change with the next step).
  GA_EXPORT(e, "enterAutocast", {
    const bool cuda = info[0].As<Napi::String>().Utf8Value().rfind("cuda", 0) == 0;
    const bool before = cuda ? at::autocast::is_enabled() : at::autocast::is_cpu_enabled();
    if (cuda) {
      at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
      at::autocast::set_enabled(true);
    } else {
      at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
      at::autocast::set_cpu_enabled(true);
    }
    at::autocast::increment_nesting();
    return Napi::Boolean::New(info.Env(), before);
  });
  GA_EXPORT(e, "exitAutocast", {
    const bool cuda = info[0].As<Napi::String>().Utf8Value().rfind("cuda", 0) == 0;
    const bool before = info[1].ToBoolean();
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
    if (cuda) at::autocast::set_enabled(before);
    else at::autocast::set_cpu_enabled(before);
    return info.Env().Undefined();
  });
  GA_EXPORT(e, "cudaDeviceCount", { return Napi::Number::New(info.Env(), static_cast<double>(torch::cuda::device_count())); });
  GA_EXPORT(e, "liveTensors", { return Napi::Number::New(info.Env(), static_cast<double>(TensorWrap::Live())); });
  GA_EXPORT(e, "version", { return Napi::String::New(info.Env(), TORCH_VERSION); });
}
