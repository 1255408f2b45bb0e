# cmake -DROOT=<repo> -P tests/layers/check_layers.cmake
# Fails (FATAL_ERROR, FILE:LINE: per violation) when a file breaks the layer diagram of DESIGN.md:
#   src/core/**  includes no ImGui, SDL or Emscripten header (the engines never know the UI exists)
#   src/app/**   includes nothing from src/platform (the platform implements the app's interfaces)
#   src/core/cards/** include no engine and not core/quiz (the card library builds alone; the quiz
#                      generators, which call the engines, are core/quiz)
set(violations "")

function(scan glob pattern why)
  file(GLOB_RECURSE files "${ROOT}/${glob}")
  foreach(f ${files})
    file(STRINGS "${f}" lines)
    set(n 0)
    foreach(line IN LISTS lines)
      math(EXPR n "${n} + 1")
      if(line MATCHES "^[ \t]*#[ \t]*include[ \t]*[<\"](${pattern})")
        file(RELATIVE_PATH rel "${ROOT}" "${f}")
        set(violations "${violations}${rel}:${n}: ${why}: ${line}\n" PARENT_SCOPE)
        set(violations "${violations}${rel}:${n}: ${why}: ${line}\n")
      endif()
    endforeach()
  endforeach()
endfunction()

scan("src/core/*" "imgui|imconfig|SDL|emscripten|GLES|GL/" "src/core includes a UI/platform header")
scan("src/app/*" "platform/" "src/app includes src/platform")
scan("src/core/cards/*" "core/(formats|quant|nn|memory|links|quiz)/" "the card library includes an engine")

if(violations)
  message(FATAL_ERROR "layer check failed:\n${violations}")
endif()
