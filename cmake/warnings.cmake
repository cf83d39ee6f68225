add_library(ecsdeploy_warnings INTERFACE)
target_compile_options(ecsdeploy_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
  -Wimplicit-fallthrough -Wno-missing-field-initializers)
# GCC 12 at -O2/-O3 reports -Wrestrict false positives inside libstdc++'s operator+ on
# strings (GCC bug 105329); they are not in our code.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(ecsdeploy_warnings INTERFACE -Wno-restrict)
endif()
if(ECSDEPLOY_WERROR)
  target_compile_options(ecsdeploy_warnings INTERFACE -Werror)
endif()
if(ECSDEPLOY_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
