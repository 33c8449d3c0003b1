// A JS handle around one at::Tensor. Disposal drops this handle's reference; libtorch frees
// the storage when the last reference (handle, view, autograd graph) is gone.
#pragma once
#include <napi.h>
// ATen alone, not torch/torch.h (the C++ frontend: nn, optim, data, serialize): half the compile time per file
#include <ATen/ATen.h>
#include <torch/version.h>
#include <atomic>
#include <functional>
#include <string>
#include <vector>

// libtorch 2.4 and later take std::optional where 1.x took c10::optional (a type of its own then).
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#include <optional>
namespace ga {
template <class T>
using optional = std::optional<T>;
inline constexpr std::nullopt_t nullopt = std::nullopt;
}  // namespace ga
#else
namespace ga {
template <class T>
using optional = c10::optional<T>;
constexpr c10::nullopt_t nullopt = c10::nullopt;
}  // namespace ga
#endif

class TensorWrap : public Napi::ObjectWrap<TensorWrap> {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  static Napi::Object Make(Napi::Env env, at::Tensor t);
  static at::Tensor& Get(const Napi::Value& v);
  static int64_t Live() { return live_.load(); }
  static bool Is(const Napi::Value& v) { return v.IsObject() && v.As<Napi::Object>().InstanceOf(ctor_.Value()); }

  explicit TensorWrap(const Napi::CallbackInfo& info);
  ~TensorWrap() override;

 private:
  void Release();
  Napi::Value Dispose(const Napi::CallbackInfo& info);
  Napi::Value IsDisposed(const Napi::CallbackInfo& info);
  Napi::Value Shape(const Napi::CallbackInfo& info);
  Napi::Value Device(const Napi::CallbackInfo& info);
  Napi::Value DType(const Napi::CallbackInfo& info);
  Napi::Value ToFloat32(const Napi::CallbackInfo& info);
  Napi::Value Item(const Napi::CallbackInfo& info);
  Napi::Value RequiresGrad(const Napi::CallbackInfo& info);
  Napi::Value SetRequiresGrad(const Napi::CallbackInfo& info);
  Napi::Value Grad(const Napi::CallbackInfo& info);
  Napi::Value ClearGrad(const Napi::CallbackInfo& info);
  Napi::Value Account(const Napi::CallbackInfo& info);

  static Napi::FunctionReference ctor_;
  static std::atomic<int64_t> live_;
  at::Tensor t_;
  napi_env env_ = nullptr;
  int64_t accounted_ = 0;
};

// Converts libtorch's exceptions into JS errors with the first line of libtorch's message.
Napi::Value Guarded(Napi::Env env, const std::function<Napi::Value()>& fn);

std::vector<int64_t> IntList(const Napi::Value& v, const char* what);
ga::optional<at::Tensor> OptTensor(const Napi::Value& v);
std::vector<at::Tensor> TensorList(const Napi::Value& v);
Napi::Array MakeList(Napi::Env env, const std::vector<at::Tensor>& ts);
double Num(const Napi::Value& v, const char* what);
bool IsTensor(const Napi::Value& v);

void InitOpsMath(Napi::Env env, Napi::Object exports);
void InitOpsShape(Napi::Env env, Napi::Object exports);
void InitOpsNN(Napi::Env env, Napi::Object exports);
void InitAutograd(Napi::Env env, Napi::Object exports);
void InitRuntime(Napi::Env env, Napi::Object exports);
void InitDistributed(Napi::Env env, Napi::Object exports);

// Registers `name` as a guarded export: the body sees `info` and returns a Napi::Value.
#define GA_EXPORT(exports, name, ...)                                              \
  exports.Set(name, Napi::Function::New(exports.Env(),                              \
      [](const Napi::CallbackInfo& info) -> Napi::Value {                           \
        return Guarded(info.Env(), [&]() -> Napi::Value __VA_ARGS__);                   \
      }, name))
#define GA_T(i) TensorWrap::Get(info[i])
#define GA_RET(expr) return TensorWrap::Make(info.Env(), (expr))
