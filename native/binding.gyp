{
  "targets": [{
    "target_name": "ganimate_torch",
    "sources": ["src/tensor.cc", "src/ops_math.cc", "src/ops_shape.cc", "src/ops_nn.cc", "src/autograd.cc", "src/runtime.cc", "src/distributed.cc"],
    "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "<!@(node -p \"process.env.GA_TORCH_INCLUDES || ''\")"],
    "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "<!@(node -p \"process.env.GA_TORCH_DEFINES || ''\")"],
    "cflags!": ["-fno-exceptions", "-fno-rtti"],
    "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17", "-std=gnu++20"],
    "cflags_cc": ["-std=c++17", "-O2", "-Wno-unused-parameter", "-Wno-deprecated-declarations"],
    "libraries": ["<!@(node -p \"process.env.GA_TORCH_LDFLAGS || ''\")"]
  }]
}
