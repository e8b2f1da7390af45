# Cross build for aarch64 (arm64) Linux with Debian 12's cross toolchain (g++-aarch64-linux-gnu)
# and the :arm64 -dev packages installed through multiarch (scripts/cross-aarch64.sh installs
# them). Built programs run under qemu-user (qemu-aarch64-static): at build time for the
# completion files and doctest's test discovery, and in scripts/cross-aarch64.sh for the tests.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
# pkg-config must read arm64's .pc files (libutf8proc, ICU), not the build machine's.
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
find_program(PIAOJUE_QEMU_AARCH64 NAMES qemu-aarch64-static qemu-aarch64)
if(PIAOJUE_QEMU_AARCH64)
  # The dynamically linked test programs find arm64's loader and libraries through multiarch.
  set(CMAKE_CROSSCOMPILING_EMULATOR ${PIAOJUE_QEMU_AARCH64})
endif()
