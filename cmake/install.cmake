# What `cmake --install` puts where (GNU layout under CMAKE_INSTALL_PREFIX; /usr in the .deb):
#   bin/piaojue
#   lib/piaojue/piaojue-render                      the PDF/PNG renderer (PIAOJUE_RENDER), run by
#                                                    `piaojue report`, which looks for it there
#   share/man/man1/piaojue.1.gz                      the man page (gzip -9n: no name, no time)
#   share/bash-completion/completions/piaojue        bash completion, written by the built
#   share/zsh/vendor-completions/_piaojue            binary from its own option tables
#   share/doc/piaojue/{README.md,ARCHITECTURE.md,copyright}, docs/, examples/
# docs/packaging.md says why each is where it is; tests/scripts/install_tree.sh checks the list.
include(GNUInstallDirs)
# Directories the install creates get 0755 whatever the umask (the .deb's bytes depend on them).
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

install(TARGETS piaojue RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# Not on PATH: a program of piaojue's own (Debian policy: /usr/lib/<package>). The path is fixed,
# not CMAKE_INSTALL_LIBDIR (multiarch on Debian), since src/cli/render_process.cpp looks for
# ../lib/piaojue/piaojue-render from the executable.
if(PIAOJUE_RENDER)
  install(TARGETS piaojue-render RUNTIME DESTINATION lib/piaojue)
endif()

# Debian compresses man pages; `-n` leaves the name and time out of the gzip header, so the bytes
# depend on the page alone.
find_program(PIAOJUE_GZIP gzip REQUIRED)
set(piaojue_man_gz ${PROJECT_BINARY_DIR}/man/piaojue.1.gz)
add_custom_command(OUTPUT ${piaojue_man_gz}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
  COMMAND ${CMAKE_COMMAND} -DGZIP=${PIAOJUE_GZIP} -DINPUT=${PROJECT_SOURCE_DIR}/man/piaojue.1
          -DOUTPUT=${piaojue_man_gz} -P ${PROJECT_SOURCE_DIR}/cmake/gzip_file.cmake
  DEPENDS ${PROJECT_SOURCE_DIR}/man/piaojue.1 ${PROJECT_SOURCE_DIR}/cmake/gzip_file.cmake
  COMMENT "Compressing the man page")
add_custom_target(piaojue_man ALL DEPENDS ${piaojue_man_gz})
install(FILES ${piaojue_man_gz} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# Shell completion, written by the built binary from its own option tables (src/cli/completion.cpp),
# so it lists exactly the subcommands and options --help does; a cross build runs it under the
# emulator (scripts/cross-aarch64.sh).
set(piaojue_completion_dir ${PROJECT_BINARY_DIR}/completion)
add_custom_command(OUTPUT ${piaojue_completion_dir}/piaojue ${piaojue_completion_dir}/_piaojue
  COMMAND ${CMAKE_COMMAND} -E make_directory ${piaojue_completion_dir}
  COMMAND ${CMAKE_COMMAND} "-DEMULATOR=${CMAKE_CROSSCOMPILING_EMULATOR}" -DPIAOJUE=$<TARGET_FILE:piaojue>
          -DSHELL_NAME=bash -DOUTPUT=${piaojue_completion_dir}/piaojue -P ${PROJECT_SOURCE_DIR}/cmake/completion.cmake
  COMMAND ${CMAKE_COMMAND} "-DEMULATOR=${CMAKE_CROSSCOMPILING_EMULATOR}" -DPIAOJUE=$<TARGET_FILE:piaojue>
          -DSHELL_NAME=zsh -DOUTPUT=${piaojue_completion_dir}/_piaojue -P ${PROJECT_SOURCE_DIR}/cmake/completion.cmake
  DEPENDS piaojue ${PROJECT_SOURCE_DIR}/cmake/completion.cmake
  COMMENT "Writing the bash and zsh completion from piaojue's option tables")
add_custom_target(piaojue_completion ALL
  DEPENDS ${piaojue_completion_dir}/piaojue ${piaojue_completion_dir}/_piaojue)
install(FILES ${piaojue_completion_dir}/piaojue DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${piaojue_completion_dir}/_piaojue DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)

# The documentation the man page and the README cite, and the example sessions (runnable from the
# installed copy: `piaojue tally /usr/share/doc/piaojue/examples/township/session.toml -o r.json`).
install(FILES README.md ARCHITECTURE.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME copyright)
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)
# Records someone wrote by tallying an example in the source tree are not part of it (.gitignore);
# the signed example's record and signatures are.
install(DIRECTORY examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples
        PATTERN "result.json" EXCLUDE PATTERN "result.sig.json" EXCLUDE PATTERN "__pycache__" EXCLUDE PATTERN ".gitignore" EXCLUDE)
install(FILES examples/signed/result.json examples/signed/result.sig.json
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples/signed)
