# Sourced by prepare.sh (and its test): what a libtorch folder is. Each function prints
# its answer on stdout, or a message naming the cause on stderr and returns 1.
# Safe under `set -euo pipefail`: no pipeline here ends early (a `grep -q` that stops
# reading makes `nm` die of SIGPIPE, and pipefail then reports the pipeline as failed).

# lt_version INCLUDE_DIR: libtorch's version "MAJOR.MINOR.PATCH" from its version header:
# torch/csrc/api/include/torch/version.h up to torch 2.7, torch/headeronly/version.h from
# torch 2.8 on (2.11 defines the macros only there).
lt_version() {
  local inc="$1" h v
  for h in "$inc/torch/headeronly/version.h" "$inc/torch/csrc/api/include/torch/version.h" "$inc/torch/version.h"; do
    [[ -f "$h" ]] || continue
    v="$(awk '/#[ \t]*define[ \t]+TORCH_VERSION_MAJOR[ \t]/{a=$3} /#[ \t]*define[ \t]+TORCH_VERSION_MINOR[ \t]/{b=$3} /#[ \t]*define[ \t]+TORCH_VERSION_PATCH[ \t]/{c=$3} END{if (a!="" && b!="" && c!="") print a"."b"."c}' "$h")"
    if [[ "$v" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
      echo "$v"
      return 0
    fi
  done
  echo "no libtorch version found: none of torch/headeronly/version.h, torch/csrc/api/include/torch/version.h, torch/version.h under $inc defines TORCH_VERSION_MAJOR/MINOR/PATCH; is $inc a libtorch include folder?" >&2
  return 1
}

# lt_abi TORCHCONFIG_CMAKE LIB_DIR: the C++ ABI libtorch was built with (1: cxx11, 0: the
# old one), from TorchConfig.cmake when it says, else from libc10.so's symbols.
lt_abi() {
  local cfg="$1" lib="$2" abi="" syms
  if [[ -n "$cfg" && -f "$cfg" ]]; then
    abi="$(grep -o '_GLIBCXX_USE_CXX11_ABI=[01]' "$cfg" | head -n1 | cut -d= -f2 || true)"
  fi
  if [[ -n "$abi" ]]; then
    echo "$abi"
    return 0
  fi
  [[ -f "$lib/libc10.so" ]] || { echo "cannot tell libtorch's C++ ABI: no _GLIBCXX_USE_CXX11_ABI in ${cfg:-(no TorchConfig.cmake)} and no $lib/libc10.so" >&2; return 1; }
  command -v nm >/dev/null || { echo "cannot tell libtorch's C++ ABI: nm is missing (apt-get install binutils)" >&2; return 1; }
  syms="$(nm -DC "$lib/libc10.so" 2>/dev/null)" || { echo "cannot tell libtorch's C++ ABI: nm cannot read $lib/libc10.so" >&2; return 1; }
  if [[ "$syms" == *"__cxx11::basic_string"* ]]; then echo 1; else echo 0; fi
}
