# Settings and warnings live on an INTERFACE target, never globally.
add_library(piaojue_settings INTERFACE)
target_compile_features(piaojue_settings INTERFACE cxx_std_20)
target_compile_options(piaojue_settings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion -Wnon-virtual-dtor -Wno-missing-field-initializers
  $<$<BOOL:${PIAOJUE_WERROR}>:-Werror>)
if(PIAOJUE_SANITIZE)
  target_compile_options(piaojue_settings INTERFACE -fsanitize=${PIAOJUE_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(piaojue_settings INTERFACE -fsanitize=${PIAOJUE_SANITIZE})
endif()
if(PIAOJUE_FUZZ)
  # Coverage instrumentation for libFuzzer on everything (fuzz/CMakeLists.txt).
  target_compile_options(piaojue_settings INTERFACE -fsanitize=fuzzer-no-link)
endif()

# piaojue_use_settings(TARGET): the settings above, linked PRIVATE, and standard C++20 rather than
# gnu++20 (a target property: CMake has no interface form of it, and no global variable is set).
function(piaojue_use_settings target)
  target_link_libraries(${target} PRIVATE piaojue_settings)
  set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
endfunction()
