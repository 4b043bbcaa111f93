// A file system error in words a user can act on, for one-line messages.
export function fsErrorReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EISDIR") return "it is a directory";
  if (code === "ENOTDIR") return "not a directory";
  if (code === "EACCES") return "permission denied";
  if (code === "ENOSPC") return "no space left on device";
  if (code === "EIO") return "input/output error";
  if (code === "EBADF") return "it is closed";
  if (code === "EROFS") return "read-only file system";
  return (e as Error).message;
}
