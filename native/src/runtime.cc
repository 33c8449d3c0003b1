// Process-wide engine settings: seeds and RNG state, threads, devices, live-handle count.
#include "tensor.h"

// The default random generator of the device named by argument i ('cuda', 'cuda:1'), else the CPU's.
static at::Generator GeneratorOf(const Napi::CallbackInfo& info, size_t i) {
  if (info.Length() > i && info[i].IsString())
    return at::globalContext().defaultGenerator(at::Device(info[i].As<Napi::String>().Utf8Value()));
  return at::detail::getDefaultCPUGenerator();
}

void InitRuntime(Napi::Env env, Napi::Object e) {
  (void)env;
  GA_EXPORT(e, "manualSeed", { torch::manual_seed(static_cast<uint64_t>(Num(info[0], "seed"))); return info.Env().Undefined(); });
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
  GA_EXPORT(e, "cudaDeviceCount", { return Napi::Number::New(info.Env(), static_cast<double>(torch::cuda::device_count())); });
  GA_EXPORT(e, "liveTensors", { return Napi::Number::New(info.Env(), static_cast<double>(TensorWrap::Live())); });
  GA_EXPORT(e, "version", { return Napi::String::New(info.Env(), TORCH_VERSION); });
}
