# The printed documents (piaojue report) in the tools people open them with: PDF through poppler's
# pdftotext and pdftoppm, HTML in headless Chromium, and the bytes of HTML, PDF and PNG across time
# zones, locales and working directories (tests/scripts/report_render.sh). Every example vote gets
# its three documents. They need piaojue-render (PIAOJUE_RENDER), which sanitizer builds do not
# build (CMakeLists.txt). The whole set runs
# in the dev build; the release build runs one PDF and the byte checks, which show that the static
# executable finds and drives the renderer — the drawing itself is the same program
# (docs/testing.md, "Printed documents").
if(NOT PIAOJUE_RENDER)
  return()
endif()
find_program(PIAOJUE_BASH bash REQUIRED)

# piaojue_report_test(MODE EXAMPLE ROUND KIND LANG)
function(piaojue_report_test mode example round kind lang)
  set(name "report-${mode}/${example}")
  if(NOT round STREQUAL ".")
    string(APPEND name "-${round}")
  endif()
  string(APPEND name "-${kind}-${lang}")
  string(REPLACE "/" "_" work_name "${name}")
  add_test(NAME ${name}
    COMMAND ${PIAOJUE_BASH} ${PROJECT_SOURCE_DIR}/tests/scripts/report_render.sh ${mode} $<TARGET_FILE:piaojue>
            ${PROJECT_SOURCE_DIR}/examples ${CMAKE_CURRENT_BINARY_DIR}/report-work/${work_name}
            ${example} ${round} ${kind} ${lang})
  set_tests_properties(${name} PROPERTIES LABELS "report;render;script" SKIP_RETURN_CODE 77 TIMEOUT 180)
endfunction()

piaojue_report_test(determinism township . result zh)
piaojue_report_test(determinism township . notice en)
piaojue_report_test(determinism tie round-2 result zh)
piaojue_report_test(pdf township . result zh)
if(PIAOJUE_STATIC_PIE)
  return()
endif()

set(piaojue_report_cases
  "township . result en" "township . notice zh" "township . notice en" "township . ballot zh"
  "township . ballot en" "tie round-1 result zh" "tie round-2 result zh" "tie round-2 result en"
  "tie round-2 notice zh" "tie round-2 ballot zh" "county . result zh" "county . notice zh"
  "county . ballot zh")
foreach(case IN LISTS piaojue_report_cases)
  string(REPLACE " " ";" args "${case}")
  piaojue_report_test(pdf ${args})
endforeach()
foreach(case IN LISTS piaojue_report_cases ITEMS "township . result zh")
  string(REPLACE " " ";" args "${case}")
  piaojue_report_test(html ${args})
endforeach()
