package io.sparkplane.backend.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What Linux's {@code /proc} says about processes: state, process group, environment, command line. */
final class ProcessTable {

    private static final Path PROC = Path.of("/proc");

    /** One process's line in {@code /proc/<pid>/stat}: its state letter and process group. */
    record Stat(long pid, char state, long processGroup) {
        /** Zombies (Z) and dead (X) processes run nothing: only their parent's wait is missing. */
        boolean running() {
            return state != 'Z' && state != 'X';
        }
    }

    private ProcessTable() {}

    static Optional<Stat> stat(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
            // "pid (comm) S ppid pgrp ...": comm may hold spaces and parentheses, so split after the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(new Stat(pid, fields[0].charAt(0), Long.parseLong(fields[2])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static boolean running(long pid) {
        return stat(pid).map(Stat::running).orElse(false);
    }

    /** Running processes (not zombies) whose environment holds every one of {@code entries} ("NAME=value"). */
    static List<Long> withEnvironment(List<String> entries) {
        List<Long> found = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        for (long pid : pids()) {
            if (pid != self && environment(pid).containsAll(entries) && running(pid)) {
                found.add(pid);
            }
        }
        return found;
    }

    /** Running processes in a process group. */
    static List<Long> inProcessGroup(long processGroup) {
        List<Long> found = new ArrayList<>();
        for (long pid : pids()) {
            stat(pid).filter(stat -> stat.processGroup() == processGroup && stat.running()).ifPresent(stat -> found.add(pid));
        }
        return found;
    }

    static List<String> environment(long pid) {
        return nulSeparated(PROC.resolve(Long.toString(pid)).resolve("environ"));
    }

    static List<String> commandLine(long pid) {
        return nulSeparated(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
    }

    private static List<String> nulSeparated(Path file) {
        try {
            String content = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            List<String> values = new ArrayList<>();
            for (String value : content.split("\0")) {
                if (!value.isEmpty()) {
                    values.add(value);
                }
            }
            return values;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, entry -> entry.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path entry : entries) {
                pids.add(Long.parseLong(entry.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return pids;
    }
}
