# Cross-compiles for 64-bit Raspberry Pi OS (Debian 12 arm64) with Debian's multiarch
# packages: crossbuild-essential-arm64 for the compilers and the :arm64 -dev packages
# (scripts/cross-arm64 installs both). Headers are shared with the host; the libraries and
# their .pc files live under /usr/lib/aarch64-linux-gnu.
#   cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

# Libraries and headers from the multiarch paths only; programs (openssl, jq, xvfb) are the host's.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)

# pkg-config must read the arm64 .pc files, never the host's.
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# ctest runs the arm64 test binaries through user-mode emulation (Debian's qemu-user). The
# arm64 loader and libraries are installed in the same root by multiarch, so no -L is needed.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64)
