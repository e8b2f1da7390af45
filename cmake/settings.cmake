# Settings and warnings live on an INTERFACE target, never globally.
add_library(piaojue_settings INTERFACE)
target_compile_features(piaojue_settings INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)
target_compile_options(piaojue_settings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion -Wnon-virtual-dtor -Wno-missing-field-initializers
  $<$<BOOL:${PIAOJUE_WERROR}>:-Werror>)
if(PIAOJUE_SANITIZE)
  target_compile_options(piaojue_settings INTERFACE -fsanitize=${PIAOJUE_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(piaojue_settings INTERFACE -fsanitize=${PIAOJUE_SANITIZE})
endif()
