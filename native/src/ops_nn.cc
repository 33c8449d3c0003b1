// Neural-network kernels: convolutions, normalisation, pooling, resampling and losses.
#include "tensor.h"

namespace {
int64_t Reduction(const Napi::Value& v) {
  std::string r = v.IsString() ? v.As<Napi::String>().Utf8Value() : "mean";
  if (r == "mean") return at::Reduction::Mean;
  if (r == "sum") return at::Reduction::Sum;
  if (r == "none") return at::Reduction::None;
  throw Napi::RangeError::New(v.Env(), "reduction must be mean, sum or none, not " + r);
}
}  // namespace

void InitOpsNN(Napi::Env env, Napi::Object e) {
  (void)env;
  // conv2d(x, w, bias|null, stride[2], padding[2], dilation[2], groups)
  GA_EXPORT(e, "conv2d", {
    GA_RET(at::conv2d(GA_T(0), GA_T(1), OptTensor(info[2]), IntList(info[3], "stride"), IntList(info[4], "padding"),
                      IntList(info[5], "dilation"), static_cast<int64_t>(Num(info[6], "groups"))));
  });
  // convTranspose2d(x, w, bias|null, stride[2], padding[2], outputPadding[2], groups, dilation[2])
  GA_EXPORT(e, "convTranspose2d", {
    GA_RET(at::conv_transpose2d(GA_T(0), GA_T(1), OptTensor(info[2]), IntList(info[3], "stride"), IntList(info[4], "padding"),
                                IntList(info[5], "outputPadding"), static_cast<int64_t>(Num(info[6], "groups")), IntList(info[7], "dilation")));
  });
  // instanceNorm(x, weight|null, bias|null, eps): per-sample statistics, no running stats
  GA_EXPORT(e, "instanceNorm", {
    GA_RET(at::instance_norm(GA_T(0), OptTensor(info[1]), OptTensor(info[2]), ga::nullopt, ga::nullopt, true, 0.1,
                             Num(info[3], "eps"), at::globalContext().userEnabledCuDNN()));
  });
  GA_EXPORT(e, "avgPool2d", {
    GA_RET(at::avg_pool2d(GA_T(0), IntList(info[1], "kernel"), IntList(info[2], "stride"), IntList(info[3], "padding"),
                          false, info[4].ToBoolean()));
  });
  // maxPool2d(x, kernel[2], stride[2], padding[2], ceilMode)
  GA_EXPORT(e, "maxPool2d", {
    GA_RET(at::max_pool2d(GA_T(0), IntList(info[1], "kernel"), IntList(info[2], "stride"), IntList(info[3], "padding"), {1, 1},
                          info[4].ToBoolean()));
  });
  // batchNormEval(x, weight, bias, runningMean, runningVar, eps): inference with running statistics
  GA_EXPORT(e, "batchNormEval", {
    GA_RET(at::batch_norm(GA_T(0), GA_T(1), GA_T(2), GA_T(3), GA_T(4), false, 0.0, info[5].As<Napi::Number>().DoubleValue(), false));
  });
  // interpolate(x, size[2], mode, alignCorners)
  GA_EXPORT(e, "interpolate", {
    std::string mode = info[2].As<Napi::String>().Utf8Value();
    auto size = IntList(info[1], "size");
    if (mode == "bilinear") GA_RET(at::upsample_bilinear2d(GA_T(0), size, info[3].ToBoolean(), ga::nullopt, ga::nullopt));
    if (mode == "nearest") GA_RET(at::upsample_nearest2d(GA_T(0), size, ga::nullopt, ga::nullopt));
    if (mode == "bicubic") GA_RET(at::upsample_bicubic2d(GA_T(0), size, info[3].ToBoolean(), ga::nullopt, ga::nullopt));
    throw Napi::RangeError::New(info.Env(), "interpolate: mode must be bilinear, nearest or bicubic, not " + mode);
  });
  // gridSample(x, grid, mode, padding, alignCorners)
  GA_EXPORT(e, "gridSample", {
    std::string mode = info[2].As<Napi::String>().Utf8Value(), pad = info[3].As<Napi::String>().Utf8Value();
    int64_t m = mode == "bilinear" ? 0 : mode == "nearest" ? 1 : mode == "bicubic" ? 2 : -1;
    int64_t p = pad == "zeros" ? 0 : pad == "border" ? 1 : pad == "reflection" ? 2 : -1;
    if (m < 0 || p < 0) throw Napi::RangeError::New(info.Env(), "gridSample: mode bilinear|nearest|bicubic, padding zeros|border|reflection");
    GA_RET(at::grid_sampler(GA_T(0), GA_T(1), m, p, info[4].ToBoolean()));
  });
  GA_EXPORT(e, "mseLoss", { GA_RET(at::mse_loss(GA_T(0), GA_T(1), Reduction(info[2]))); });
  GA_EXPORT(e, "l1Loss", { GA_RET(at::l1_loss(GA_T(0), GA_T(1), Reduction(info[2]))); });
  GA_EXPORT(e, "bceWithLogits", { GA_RET(at::binary_cross_entropy_with_logits(GA_T(0), GA_T(1), ga::nullopt, ga::nullopt, Reduction(info[2]))); });
}
