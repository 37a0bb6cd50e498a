package io.sparkplane.cli.artifacts;

import io.sparkplane.cli.ApiCommand;
import io.sparkplane.cli.CommandGroup;
import io.sparkplane.cli.CliException;
import io.sparkplane.cli.ExitCode;
import io.sparkplane.cli.api.ApiClient;
import io.sparkplane.cli.api.Operation;
import io.sparkplane.cli.api.Pages;
import io.sparkplane.cli.api.StreamedResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparkplane artifacts ...}: content-addressed files in a workspace's staging, for runs to name. */
@Command(name = "artifacts", description = "Upload, list and download artifacts: code and files that runs name by their ref.",
        subcommands = {ArtifactsCommand.Upload.class, ArtifactsCommand.ListArtifacts.class, ArtifactsCommand.Download.class})
public final class ArtifactsCommand extends CommandGroup {

    /** {@code artifact:sha256:<hash>/<name>}, or the bare hash. */
    private static final Pattern REF = Pattern.compile("(?:artifact:sha256:)?([0-9a-f]{64})(?:/([A-Za-z0-9._+=-]{1,255}))?");


    @Command(name = "upload", description = {"Uploads a file to a workspace's staging (nothing is sent when its bytes are there already)"
            + " and prints the ref runs name it by."})
    static final class Upload extends ApiCommand {

        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--name", description = "The file name runs see (default: the file's own).")
        String name;

        @Option(names = {"-w", "--workspace"}, paramLabel = "ID", description = "The workspace (default: SPARKPLANE_WORKSPACE, the profile's, 'default').")
        String workspace;

        @Override
        public Integer call() {
            ApiClient api = api(Optional.ofNullable(workspace));
            Path path = context().workingDirectory().resolve(file).normalize();
            ArtifactUploader.Uploaded uploaded = new ArtifactUploader(api, this::notice).upload(path, Optional.ofNullable(name),
                    api.connection().workspace());
            printer().one(uploaded.artifact(), ArtifactLayouts.UPLOADED, "ref");
            return ExitCode.SUCCEEDED.code();
        }
    }

    @Command(name = "list", description = "Lists the artifacts uploaded through the API, newest first.")
    static final class ListArtifacts extends ApiCommand {

        @Option(names = {"-w", "--workspace"}, paramLabel = "ID",
                description = "Only this workspace's (default: SPARKPLANE_WORKSPACE or the profile's, else every workspace the token sees).")
        String workspace;

        @Option(names = {"-A", "--all-workspaces"}, description = "Every workspace the token sees, whatever the default workspace.")
        boolean allWorkspaces;

        @Option(names = "--name", description = "Only artifacts last uploaded under this file name.")
        String name;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most this many (default 50).")
        int limit;

        @Option(names = "--all", description = "Every one that matches, however many.")
        boolean all;

        @Override
        public Integer call() {
            ApiClient api = api(Optional.ofNullable(workspace));
            String inWorkspace = allWorkspaces ? null : api.connection().workspace().orElse(null);
            var page = Pages.fetch(limit, all, cursor -> api.request(Operation.LIST_ARTIFACTS)
                    .query("workspace", inWorkspace).query("name", name).query("cursor", cursor.orElse(null)));
            printer().many(page, ArtifactLayouts.LIST, "ref");
            return ExitCode.SUCCEEDED.code();
        }
    }

    @Command(name = "download", description = {"Downloads an artifact by its ref (artifact:sha256:<hash>/<name>) or hash, and checks its SHA-256."
            + " It goes to --to, else to its name in the current directory; --to - writes it to standard output."})
    static final class Download extends ApiCommand {

        @Parameters(paramLabel = "REF")
        String ref;

        @Option(names = "--to", paramLabel = "PATH", description = "Where to write it: a file, a directory, or - for standard output.")
        String to;

        @Option(names = {"-w", "--workspace"}, paramLabel = "ID", description = "The workspace (default: SPARKPLANE_WORKSPACE, the profile's, 'default').")
        String workspace;

        @Override
        public Integer call() {
            Matcher matcher = REF.matcher(ref.strip());
            if (!matcher.matches()) {
                throw CliException.usage("'" + ref + "' is not an artifact ref (artifact:sha256:<64 hex digits>/<name>) or a SHA-256");
            }
            String sha256 = matcher.group(1);
            ApiClient api = api(Optional.ofNullable(workspace));
            StreamedResponse response = api.request(Operation.DOWNLOAD_ARTIFACT).path("sha256", sha256)
                    .query("workspace", api.connection().workspace().orElse(null)).untimed().stream();
            String fileName = Optional.ofNullable(matcher.group(2)).or(() -> dispositionName(response)).orElse(sha256);
            if ("-".equals(to)) {
                // streamed as it comes: the hash can only be checked once the bytes are out, and a mismatch then exits 6
                try (InputStream in = response.body()) {
                    copyChecked(in, context().out(), sha256, "the bytes written to standard output");
                } catch (IOException e) {
                    throw new CliException(ExitCode.API_ERROR, "the download broke off: " + e.getMessage());
                }
                return ExitCode.SUCCEEDED.code();
            }
            Path target = context().workingDirectory().resolve(to == null ? fileName : to).normalize();
            if (Files.isDirectory(target)) {
                target = target.resolve(fileName);
            }
            if (!Files.isDirectory(target.toAbsolutePath().getParent())) {
                closeQuietly(response);
                throw CliException.usage("--to: no such directory: " + target.toAbsolutePath().getParent());
            }
            Path partial = target.resolveSibling("." + target.getFileName() + ".part");
            try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(partial)) {
                copyChecked(in, out, sha256, "the downloaded bytes");
            } catch (IOException | CliException e) {
                deleteQuietly(partial);
                throw e instanceof CliException cli ? new CliException(cli.exitCode(), cli.getMessage() + "; nothing was kept")
                        : new CliException(ExitCode.API_ERROR, "the download broke off: " + e.getMessage());
            }
            try {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                deleteQuietly(partial);
                throw new CliException(ExitCode.USAGE, "cannot write " + target + ": " + e.getMessage());
            }
            notice("downloaded " + ref + " to " + target);
            printer().line(target.toString());
            return ExitCode.SUCCEEDED.code();
        }

        private static Optional<String> dispositionName(StreamedResponse response) {
            return response.header("Content-Disposition")
                    .map(value -> Pattern.compile("filename=\"([A-Za-z0-9._+=-]{1,255})\"").matcher(value))
                    .filter(Matcher::find).map(found -> found.group(1));
        }

        /** Copies the bytes and fails when they are not the ones asked for. */
        private static void copyChecked(InputStream in, OutputStream out, String sha256, String what) throws IOException {
            MessageDigest digest;
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            DigestOutputStream checked = new DigestOutputStream(out, digest);
            in.transferTo(checked);
            checked.flush();
            String got = HexFormat.of().formatHex(digest.digest());
            if (!got.equals(sha256)) {
                throw new CliException(ExitCode.API_ERROR, what + " have SHA-256 " + got + ", not " + sha256);
            }
        }

        private static void closeQuietly(StreamedResponse response) {
            try {
                response.close();
            } catch (IOException ignored) {
                // nothing was read from it
            }
        }

        private static void deleteQuietly(Path path) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a leftover partial file is named .part
            }
        }
    }
}
