add_library(ecsdeploy_warnings INTERFACE)
target_compile_options(ecsdeploy_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
  -Wimplicit-fallthrough -Wno-missing-field-initializers)
if(ECSDEPLOY_WERROR)
  target_compile_options(ecsdeploy_warnings INTERFACE -Werror)
endif()
if(ECSDEPLOY_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
