#include "tensor.h"

Napi::FunctionReference TensorWrap::ctor_;
std::atomic<int64_t> TensorWrap::live_{0};

void TensorWrap::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function f = DefineClass(env, "NativeTensor", {
      InstanceMethod("dispose", &TensorWrap::Dispose),
      InstanceMethod("isDisposed", &TensorWrap::IsDisposed),
      InstanceMethod("shape", &TensorWrap::Shape),
      InstanceMethod("device", &TensorWrap::Device),
      InstanceMethod("dtype", &TensorWrap::DType),
      InstanceMethod("toFloat32", &TensorWrap::ToFloat32),
      InstanceMethod("item", &TensorWrap::Item),
      InstanceMethod("requiresGrad", &TensorWrap::RequiresGrad),
      InstanceMethod("setRequiresGrad", &TensorWrap::SetRequiresGrad),
      InstanceMethod("grad", &TensorWrap::Grad),
      InstanceMethod("clearGrad", &TensorWrap::ClearGrad),
      InstanceMethod("account", &TensorWrap::Account),
  });
  ctor_ = Napi::Persistent(f);
  exports.Set("NativeTensor", f);
}

TensorWrap::TensorWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<TensorWrap>(info) {
  env_ = info.Env();
  if (info.Length() != 1 || !info[0].IsExternal()) {
    Napi::TypeError::New(info.Env(), "NativeTensor is made by ganimate's ops, not by `new`").ThrowAsJavaScriptException();
    return;
  }
  t_ = *info[0].As<Napi::External<at::Tensor>>().Data();
  if (t_.defined()) live_++;
}

// Tells V8 about this tensor's bytes, so that garbage collection keeps pace with tensors whose release
// is up to it. Tensors freed deterministically by a scope are not reported: they would only force
// needless collections.
Napi::Value TensorWrap::Account(const Napi::CallbackInfo& info) {
  if (t_.defined() && accounted_ == 0) {
    accounted_ = static_cast<int64_t>(t_.numel() * t_.element_size());
    Napi::MemoryManagement::AdjustExternalMemory(info.Env(), accounted_);
  }
  return info.Env().Undefined();
}

TensorWrap::~TensorWrap() { Release(); }

void TensorWrap::Release() {
  if (!t_.defined()) return;
  t_ = at::Tensor();
  live_--;
  if (accounted_ && env_) napi_adjust_external_memory(env_, -accounted_, nullptr);
  accounted_ = 0;
}

Napi::Object TensorWrap::Make(Napi::Env env, at::Tensor t) {
  return ctor_.New({Napi::External<at::Tensor>::New(env, &t)});
}

at::Tensor& TensorWrap::Get(const Napi::Value& v) {
  if (!IsTensor(v)) throw Napi::TypeError::New(v.Env(), "expected a tensor");
  TensorWrap* w = Unwrap(v.As<Napi::Object>());
  if (!w->t_.defined()) throw Napi::Error::New(v.Env(), "tensor was disposed; keep() it or use it inside its scope");
  return w->t_;
}

bool IsTensor(const Napi::Value& v) {
  return TensorWrap::Is(v);
}

Napi::Value TensorWrap::Dispose(const Napi::CallbackInfo& info) { Release(); return info.Env().Undefined(); }
Napi::Value TensorWrap::IsDisposed(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), !t_.defined()); }

Napi::Value TensorWrap::Shape(const Napi::CallbackInfo& info) {
  auto& t = Get(Value());
  Napi::Array a = Napi::Array::New(info.Env(), t.dim());
  for (int64_t i = 0; i < t.dim(); i++) a.Set(static_cast<uint32_t>(i), Napi::Number::New(info.Env(), static_cast<double>(t.size(i))));
  return a;
}

Napi::Value TensorWrap::Device(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), Get(Value()).device().str()); }
Napi::Value TensorWrap::DType(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), std::string(c10::toString(Get(Value()).scalar_type()))); }

Napi::Value TensorWrap::ToFloat32(const Napi::CallbackInfo& info) {
  return Guarded(info.Env(), [&]() -> Napi::Value {
    at::Tensor c = Get(Value()).detach().to(at::kCPU, at::kFloat).contiguous();
    auto out = Napi::Float32Array::New(info.Env(), static_cast<size_t>(c.numel()));
    if (c.numel()) std::memcpy(out.Data(), c.data_ptr<float>(), c.numel() * sizeof(float));
    return out;
  });
}

Napi::Value TensorWrap::Item(const Napi::CallbackInfo& info) {
  return Guarded(info.Env(), [&]() -> Napi::Value { return Napi::Number::New(info.Env(), Get(Value()).item<double>()); });
}

Napi::Value TensorWrap::RequiresGrad(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), Get(Value()).requires_grad()); }

Napi::Value TensorWrap::SetRequiresGrad(const Napi::CallbackInfo& info) {
  return Guarded(info.Env(), [&]() -> Napi::Value { Get(Value()).requires_grad_(info[0].ToBoolean()); return info.Env().Undefined(); });
}

Napi::Value TensorWrap::Grad(const Napi::CallbackInfo& info) {
  const at::Tensor& g = Get(Value()).grad();
  if (!g.defined()) return info.Env().Null();
  return Make(info.Env(), g);
}

Napi::Value TensorWrap::ClearGrad(const Napi::CallbackInfo& info) {
  Get(Value()).mutable_grad() = at::Tensor();
  return info.Env().Undefined();
}

Napi::Value Guarded(Napi::Env env, const std::function<Napi::Value()>& fn) {
  try {
    return fn();
  } catch (const Napi::Error&) {
    throw;
  } catch (const c10::Error& e) {
    std::string msg = e.what_without_backtrace();
    throw Napi::Error::New(env, "libtorch: " + msg.substr(0, msg.find('\n')));
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, std::string("libtorch: ") + e.what());
  }
}

std::vector<int64_t> IntList(const Napi::Value& v, const char* what) {
  if (v.IsNumber()) return {v.As<Napi::Number>().Int64Value()};
  if (!v.IsArray()) throw Napi::TypeError::New(v.Env(), std::string(what) + ": expected an array of integers");
  Napi::Array a = v.As<Napi::Array>();
  std::vector<int64_t> out(a.Length());
  for (uint32_t i = 0; i < a.Length(); i++) out[i] = a.Get(i).As<Napi::Number>().Int64Value();
  return out;
}

ga::optional<at::Tensor> OptTensor(const Napi::Value& v) {
  if (v.IsNull() || v.IsUndefined()) return ga::nullopt;
  return TensorWrap::Get(v);
}

std::vector<at::Tensor> TensorList(const Napi::Value& v) {
  if (!v.IsArray()) throw Napi::TypeError::New(v.Env(), "expected an array of tensors");
  Napi::Array a = v.As<Napi::Array>();
  std::vector<at::Tensor> out;
  out.reserve(a.Length());
  for (uint32_t i = 0; i < a.Length(); i++) {
    Napi::Value e = a.Get(i);
    out.push_back(e.IsNull() || e.IsUndefined() ? at::Tensor() : TensorWrap::Get(e));
  }
  return out;
}

Napi::Array MakeList(Napi::Env env, const std::vector<at::Tensor>& ts) {
  Napi::Array a = Napi::Array::New(env, ts.size());
  for (size_t i = 0; i < ts.size(); i++)
    a.Set(static_cast<uint32_t>(i), ts[i].defined() ? Napi::Value(TensorWrap::Make(env, ts[i])) : env.Null());
  return a;
}

double Num(const Napi::Value& v, const char* what) {
  if (!v.IsNumber()) throw Napi::TypeError::New(v.Env(), std::string(what) + ": expected a number");
  return v.As<Napi::Number>().DoubleValue();
}

static Napi::Object InitAll(Napi::Env env, Napi::Object exports) {
  TensorWrap::Init(env, exports);
  InitOpsMath(env, exports);
  InitOpsShape(env, exports);
  InitOpsNN(env, exports);
  InitAutograd(env, exports);
  InitRuntime(env, exports);
  InitDistributed(env, exports);
  return exports;
}

NODE_API_MODULE(ganimate_torch, InitAll)
