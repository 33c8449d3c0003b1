// Shape and layout ops: views, joins, slices, flips, padding.
#include "tensor.h"

void InitOpsShape(Napi::Env env, Napi::Object e) {
  (void)env;
  GA_EXPORT(e, "reshape", { GA_RET(GA_T(0).reshape(IntList(info[1], "shape"))); });
  GA_EXPORT(e, "permute", { GA_RET(GA_T(0).permute(IntList(info[1], "dims"))); });
  GA_EXPORT(e, "transpose", { GA_RET(GA_T(0).transpose(static_cast<int64_t>(Num(info[1], "dim0")), static_cast<int64_t>(Num(info[2], "dim1")))); });
  GA_EXPORT(e, "contiguous", { GA_RET(GA_T(0).contiguous()); });
  GA_EXPORT(e, "expand", { GA_RET(GA_T(0).expand(IntList(info[1], "shape"))); });
  GA_EXPORT(e, "repeat", { GA_RET(GA_T(0).repeat(IntList(info[1], "repeats"))); });
  GA_EXPORT(e, "unsqueeze", { GA_RET(GA_T(0).unsqueeze(static_cast<int64_t>(Num(info[1], "dim")))); });
  GA_EXPORT(e, "squeeze", { GA_RET(GA_T(0).squeeze(static_cast<int64_t>(Num(info[1], "dim")))); });
  GA_EXPORT(e, "flatten", { GA_RET(GA_T(0).flatten(static_cast<int64_t>(Num(info[1], "start")), static_cast<int64_t>(Num(info[2], "end")))); });
  GA_EXPORT(e, "cat", { GA_RET(at::cat(TensorList(info[0]), static_cast<int64_t>(Num(info[1], "dim")))); });
  GA_EXPORT(e, "stack", { GA_RET(at::stack(TensorList(info[0]), static_cast<int64_t>(Num(info[1], "dim")))); });
  GA_EXPORT(e, "slice", {
    GA_RET(GA_T(0).slice(static_cast<int64_t>(Num(info[1], "dim")), static_cast<int64_t>(Num(info[2], "start")),
                         static_cast<int64_t>(Num(info[3], "end")), static_cast<int64_t>(Num(info[4], "step"))));
  });
  GA_EXPORT(e, "select", { GA_RET(GA_T(0).select(static_cast<int64_t>(Num(info[1], "dim")), static_cast<int64_t>(Num(info[2], "index")))); });
  GA_EXPORT(e, "indexSelect", { GA_RET(GA_T(0).index_select(static_cast<int64_t>(Num(info[1], "dim")), GA_T(2).to(at::kLong))); });
  GA_EXPORT(e, "flip", { GA_RET(GA_T(0).flip(IntList(info[1], "dims"))); });
  GA_EXPORT(e, "pad", {
    std::string mode = info[2].As<Napi::String>().Utf8Value();
    auto pads = IntList(info[1], "pads");
    if (mode == "constant") GA_RET(at::constant_pad_nd(GA_T(0), pads, info[3].IsNumber() ? Num(info[3], "value") : 0.0));
    if (mode == "reflect") GA_RET(at::reflection_pad2d(GA_T(0), pads));
    if (mode == "replicate") GA_RET(at::replication_pad2d(GA_T(0), pads));
    throw Napi::RangeError::New(info.Env(), "pad: mode must be constant, reflect or replicate, not " + mode);
  });
}
