// Where `dialback run` finds its files when no option names them: the configuration directory,
// /etc/dialback (or systemd's $CONFIGURATION_DIRECTORY, which the unit's ConfigurationDirectory=
// sets), holding dialback.cfg (the IOS configuration) and board.json (the board profile).

import { existsSync } from "node:fs";
import { join } from "node:path";

export const DEFAULT_CONFIG_DIRECTORY = "/etc/dialback";
export const CONFIG_FILE_NAME = "dialback.cfg";
export const BOARD_FILE_NAME = "board.json";

/** The directory: the first of $CONFIGURATION_DIRECTORY (a colon-separated list), else /etc/dialback. */
export function configDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const fromSystemd = env.CONFIGURATION_DIRECTORY?.split(":").find((d) => d.length > 0);
  return fromSystemd ?? DEFAULT_CONFIG_DIRECTORY;
}

/** Both files of the directory; throws naming what is missing and what to do. */
export function defaultRunFiles(env: NodeJS.ProcessEnv = process.env): { config: string; board: string } {
  const dir = configDirectory(env);
  const config = join(dir, CONFIG_FILE_NAME);
  const board = join(dir, BOARD_FILE_NAME);
  const missing = [
    existsSync(config) ? null : `${config} (the IOS configuration)`,
    existsSync(board) ? null : `${board} (the board profile, e.g. a copy of boards/rpi/uart-hat.json)`,
  ].filter((m): m is string => m !== null);
  if (missing.length) {
    throw new Error(
      `no options, and ${missing.join(" and ")} ${missing.length > 1 ? "do" : "does"} not exist: ` +
        "put them there, or give --config FILE and --board PROFILE (or --line N=...)",
    );
  }
  return { config, board };
}
