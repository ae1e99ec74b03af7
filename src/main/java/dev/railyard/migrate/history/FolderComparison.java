package dev.railyard.migrate.history;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A tool's migration folder compared with its history table: which files are pending, which
 * changed after they were applied, which rows have no file.
 *
 * @param table the history table compared with; null when the database has none
 */
public record FolderComparison(HistoryTool tool, Path folder, String table, List<FolderFile> files, List<String> notes) {

    public FolderComparison {
        files = List.copyOf(files);
        notes = List.copyOf(notes);
    }

    public List<FolderFile> in(FileState state) {
        return files.stream().filter(f -> f.state() == state).toList();
    }

    public List<FolderFile> pending() {
        return in(FileState.PENDING);
    }

    public List<FolderFile> changed() {
        return in(FileState.CHANGED);
    }

    /** "3 applied, 1 pending, 1 changed (0002_add_index.sql)". */
    public String summary() {
        List<String> parts = new ArrayList<>();
        for (FileState state : FileState.values()) {
            List<FolderFile> of = in(state);
            if (of.isEmpty() && state != FileState.APPLIED) {
                continue;
            }
            String part = of.size() + " " + state.displayName().toLowerCase(java.util.Locale.ROOT);
            if (state == FileState.CHANGED || state == FileState.FAILED) {
                part += " (" + of.stream().map(FolderFile::name).collect(Collectors.joining(", ")) + ")";
            }
            parts.add(part);
        }
        return String.join(", ", parts);
    }
}
