import fs from "node:fs/promises";
import path from "node:path";

// Small durable files beside the log (its applied position, the prepared batch, its id):
// written whole or not at all (tmp + fsync + rename + directory fsync).

export async function fsyncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function writeFileAtomic(file: string, data: string | Buffer): Promise<void> {
  const tmp = `${file}.tmp`;
  const handle = await fs.open(tmp, "w");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(tmp, file);
  await fsyncDir(path.dirname(file));
}

/** The parsed JSON of a file, or null when it does not exist. */
export async function readJsonFile<T>(file: string): Promise<T | null> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    return JSON.parse(await handle.readFile("utf8")) as T;
  } finally {
    await handle.close();
  }
}

export async function removeFile(file: string): Promise<void> {
  await fs.rm(file, { force: true });
  await fsyncDir(path.dirname(file));
}
