// Reverse-mode autograd: backward, grad (with create_graph for gradients of gradients), grad mode.
#include "tensor.h"

#include <torch/csrc/autograd/autograd.h>

void InitAutograd(Napi::Env env, Napi::Object e) {
  (void)env;
  // backward(t, gradient|null, retainGraph)
  GA_EXPORT(e, "backward", {
    at::Tensor t = GA_T(0);
    auto g = OptTensor(info[1]);
    t.backward(g ? *g : at::Tensor(), info[2].ToBoolean(), false);
    return info.Env().Undefined();
  });
  // grad(outputs[], inputs[], gradOutputs[]|null, retainGraph, createGraph, allowUnused) -> (tensor|null)[]
  GA_EXPORT(e, "grad", {
    auto outputs = TensorList(info[0]);
    auto inputs = TensorList(info[1]);
    std::vector<at::Tensor> gouts = info[2].IsArray() ? TensorList(info[2]) : std::vector<at::Tensor>();
    bool create = info[4].ToBoolean();
    ga::optional<bool> retain = info[3].IsBoolean() ? ga::optional<bool>(info[3].ToBoolean()) : ga::nullopt;
    auto grads = torch::autograd::grad(outputs, inputs, gouts, retain, create, info[5].ToBoolean());
    return MakeList(info.Env(), grads);
  });
  GA_EXPORT(e, "isGradEnabled", { return Napi::Boolean::New(info.Env(), at::GradMode::is_enabled()); });
  // setGradEnabled(on) -> previous state, so JS can restore it in a finally block
  GA_EXPORT(e, "setGradEnabled", {
    bool prev = at::GradMode::is_enabled();
    at::GradMode::set_enabled(info[0].ToBoolean());
    return Napi::Boolean::New(info.Env(), prev);
  });
}
