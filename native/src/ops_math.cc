// Tensor creation, elementwise arithmetic, reductions and the in-place updates optimisers use.
#include "tensor.h"

namespace {

at::TensorOptions Opts(const Napi::Value& device) {
  auto o = at::TensorOptions().dtype(at::kFloat);
  if (device.IsString()) o = o.device(at::Device(device.As<Napi::String>().Utf8Value()));
  return o;
}

// A JS number becomes a 0-dim tensor so that `1 - t` broadcasts exactly as PyTorch's rsub does.
at::Tensor Operand(const Napi::Value& v, const at::Tensor* like) {
  if (v.IsNumber()) return at::scalar_tensor(v.As<Napi::Number>().DoubleValue(), like ? like->options() : at::TensorOptions().dtype(at::kFloat));
  return TensorWrap::Get(v);
}

enum class Bin { Add, Sub, Mul, Div };

at::Tensor Apply(Bin op, const at::Tensor& a, const at::Tensor& b) {
  switch (op) {
    case Bin::Add: return at::add(a, b);
    case Bin::Sub: return at::sub(a, b);
    case Bin::Mul: return at::mul(a, b);
    default: return at::div(a, b);
  }
}

// tensor-scalar uses the Scalar overloads, which is what PyTorch dispatches for `t * 2.0`
at::Tensor Apply(Bin op, const at::Tensor& a, double s) {
  switch (op) {
    case Bin::Add: return a.add(s);
    case Bin::Sub: return a.sub(s);
    case Bin::Mul: return a.mul(s);
    default: return a.div(s);
  }
}

Napi::Value Binary(const Napi::CallbackInfo& info, Bin op) {
  return Guarded(info.Env(), [&]() -> Napi::Value {
    if (info[0].IsNumber() && info[1].IsNumber()) throw Napi::TypeError::New(info.Env(), "at least one operand must be a tensor");
    if (info[0].IsNumber()) { at::Tensor b = TensorWrap::Get(info[1]); return TensorWrap::Make(info.Env(), Apply(op, Operand(info[0], &b), b)); }
    at::Tensor a = TensorWrap::Get(info[0]);
    if (info[1].IsNumber()) return TensorWrap::Make(info.Env(), Apply(op, a, info[1].As<Napi::Number>().DoubleValue()));
    return TensorWrap::Make(info.Env(), Apply(op, a, TensorWrap::Get(info[1])));
  });
}

ga::optional<at::Scalar> OptScalar(const Napi::Value& v) {
  if (v.IsNull() || v.IsUndefined()) return ga::nullopt;
  return at::Scalar(v.As<Napi::Number>().DoubleValue());
}

at::OptionalIntArrayRef Dims(const Napi::Value& v, std::vector<int64_t>& store) {
  if (v.IsNull() || v.IsUndefined()) return ga::nullopt;
  store = IntList(v, "dims");
  return at::IntArrayRef(store);
}

}  // namespace

void InitOpsMath(Napi::Env env, Napi::Object e) {
  // creation
  GA_EXPORT(e, "fromFloat32", {
    auto data = info[0].As<Napi::Float32Array>();
    auto shape = IntList(info[1], "shape");
    int64_t n = 1;
    for (auto s : shape) n *= s;
    if (n != static_cast<int64_t>(data.ElementLength()))
      throw Napi::RangeError::New(info.Env(), "fromFloat32: " + std::to_string(data.ElementLength()) + " values do not fill shape of " + std::to_string(n));
    at::Tensor t = at::empty(shape, at::kFloat);
    if (n) std::memcpy(t.data_ptr<float>(), data.Data(), n * sizeof(float));
    if (info[2].IsString()) t = t.to(at::Device(info[2].As<Napi::String>().Utf8Value()));
    GA_RET(t);
  });
  GA_EXPORT(e, "zeros", { GA_RET(at::zeros(IntList(info[0], "shape"), Opts(info[1]))); });
  GA_EXPORT(e, "ones", { GA_RET(at::ones(IntList(info[0], "shape"), Opts(info[1]))); });
  GA_EXPORT(e, "full", { GA_RET(at::full(IntList(info[0], "shape"), Num(info[1], "value"), Opts(info[2]))); });
  GA_EXPORT(e, "rand", { GA_RET(at::rand(IntList(info[0], "shape"), Opts(info[1]))); });
  GA_EXPORT(e, "randn", { GA_RET(at::randn(IntList(info[0], "shape"), Opts(info[1]))); });
  GA_EXPORT(e, "randperm", { GA_RET(at::randperm(static_cast<int64_t>(Num(info[0], "n")), at::kLong).to(at::kFloat)); });
  GA_EXPORT(e, "toDevice", { GA_RET(GA_T(0).to(at::Device(info[1].As<Napi::String>().Utf8Value()))); });
  GA_EXPORT(e, "clone", { GA_RET(GA_T(0).clone()); });
  GA_EXPORT(e, "detach", { GA_RET(GA_T(0).detach()); });

  // elementwise
  e.Set("add", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return Binary(i, Bin::Add); }, "add"));
  e.Set("sub", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return Binary(i, Bin::Sub); }, "sub"));
  e.Set("mul", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return Binary(i, Bin::Mul); }, "mul"));
  e.Set("div", Napi::Function::New(env, [](const Napi::CallbackInfo& i) { return Binary(i, Bin::Div); }, "div"));
  GA_EXPORT(e, "neg", { GA_RET(at::neg(GA_T(0))); });
  GA_EXPORT(e, "abs", { GA_RET(at::abs(GA_T(0))); });
  GA_EXPORT(e, "sqrt", { GA_RET(at::sqrt(GA_T(0))); });
  GA_EXPORT(e, "exp", { GA_RET(at::exp(GA_T(0))); });
  GA_EXPORT(e, "log", { GA_RET(at::log(GA_T(0))); });
  GA_EXPORT(e, "sign", { GA_RET(at::sign(GA_T(0))); });
  GA_EXPORT(e, "relu", { GA_RET(at::relu(GA_T(0))); });
  GA_EXPORT(e, "leakyRelu", { GA_RET(at::leaky_relu(GA_T(0), Num(info[1], "slope"))); });
  GA_EXPORT(e, "tanh", { GA_RET(at::tanh(GA_T(0))); });
  GA_EXPORT(e, "sigmoid", { GA_RET(at::sigmoid(GA_T(0))); });
  GA_EXPORT(e, "pow", { GA_RET(info[1].IsNumber() ? at::pow(GA_T(0), Num(info[1], "exponent")) : at::pow(GA_T(0), GA_T(1))); });
  GA_EXPORT(e, "clamp", { GA_RET(at::clamp(GA_T(0), OptScalar(info[1]), OptScalar(info[2]))); });
  GA_EXPORT(e, "where", { GA_RET(at::where(GA_T(0).gt(0.5), GA_T(1), GA_T(2))); });
  GA_EXPORT(e, "gt", { GA_RET(info[1].IsNumber() ? GA_T(0).gt(Num(info[1], "other")).to(at::kFloat) : GA_T(0).gt(GA_T(1)).to(at::kFloat)); });
  GA_EXPORT(e, "matmul", { GA_RET(at::matmul(GA_T(0), GA_T(1))); });

  // reductions: dims null means all elements
  GA_EXPORT(e, "sum", { std::vector<int64_t> d; auto dims = Dims(info[1], d);
    GA_RET(dims ? at::sum(GA_T(0), *dims, info[2].ToBoolean()) : at::sum(GA_T(0))); });
  GA_EXPORT(e, "mean", { std::vector<int64_t> d; auto dims = Dims(info[1], d);
    GA_RET(dims ? at::mean(GA_T(0), *dims, info[2].ToBoolean()) : at::mean(GA_T(0))); });
  GA_EXPORT(e, "amax", { GA_RET(at::amax(GA_T(0), IntList(info[1], "dims"), info[2].ToBoolean())); });
  GA_EXPORT(e, "amin", { GA_RET(at::amin(GA_T(0), IntList(info[1], "dims"), info[2].ToBoolean())); });

  // in-place updates (optimisers, initialisers); each returns its first argument's handle unchanged
  GA_EXPORT(e, "mul_", { GA_T(0).mul_(Num(info[1], "factor")); return info[0]; });
  GA_EXPORT(e, "add_", { GA_T(0).add_(GA_T(1), Num(info[2], "alpha")); return info[0]; });
  GA_EXPORT(e, "addcmul_", { GA_T(0).addcmul_(GA_T(1), GA_T(2), Num(info[3], "value")); return info[0]; });
  GA_EXPORT(e, "addcdiv_", { GA_T(0).addcdiv_(GA_T(1), GA_T(2), Num(info[3], "value")); return info[0]; });
  GA_EXPORT(e, "addScalar_", { GA_T(0).add_(Num(info[1], "value")); return info[0]; });
  GA_EXPORT(e, "divScalar_", { GA_T(0).div_(Num(info[1], "value")); return info[0]; });
  GA_EXPORT(e, "copy_", { GA_T(0).copy_(GA_T(1)); return info[0]; });
  GA_EXPORT(e, "fill_", { GA_T(0).fill_(Num(info[1], "value")); return info[0]; });
  GA_EXPORT(e, "normal_", { GA_T(0).normal_(Num(info[1], "mean"), Num(info[2], "std")); return info[0]; });
  GA_EXPORT(e, "uniform_", { GA_T(0).uniform_(Num(info[1], "from"), Num(info[2], "to")); return info[0]; });
}
