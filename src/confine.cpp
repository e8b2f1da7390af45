#include <piaojue/confine.hpp>
#include <piaojue/error.hpp>
#include <piaojue/path.hpp>

#include <string>

namespace piaojue {

bool path_allowed(const FileSystem& fs, const std::string& path, const std::string& folder, const PathPolicy& policy) {
    std::string real = fs.resolved_path(path);
    if (path_within(real, fs.resolved_path(folder))) return true;
    for (const std::string& dir : policy.allowed)
        if (path_within(real, fs.resolved_path(dir))) return true;
    return false;
}

std::string folder_above(const FileSystem& fs, const std::string& file, int levels_up) {
    std::string folder = fs.resolved_path(parent_dir(file));
    for (int i = 0; i < levels_up; ++i) folder = parent_dir(folder);
    return folder;
}

// The message names the key and where it is written, never the file's bytes nor where the path
// resolves to: a hostile session must not learn anything about files outside its folder.
void confine_session_paths(const FileSystem& fs, const std::string& session_path, const Session& session,
                           const PathPolicy& policy) {
    ErrorCollector errors(ExitCode::input);
    for (const SessionPath& p : session.paths) {
        if (path_allowed(fs, resolve_beside(session_path, p.value), folder_above(fs, session_path, p.levels_up),
                         policy))
            continue;
        std::string where_en = p.levels_up == 0 ? "the session file's folder" : "the folder above the session file's";
        std::string where_zh = p.levels_up == 0 ? "会议文件所在的目录" : "会议文件所在目录的上一级目录";
        errors.add(Diagnostic{
            session_path,
            p.at.line,
            p.at.column,
            {p.key + " names a file outside " + where_en + " (after resolving \"..\" and symbolic links)",
             p.key + " 指向" + where_zh + "之外的文件（已解析“..”和符号链接）"},
            {"keep a session's files in its folder; to read another folder on purpose, pass --allow-path DIR",
             "请把会议的文件放在会议文件所在的目录中；确需读取其他目录时，请加 --allow-path 目录"},
            p.at.text});
    }
    errors.checkpoint();
}

}  // namespace piaojue
