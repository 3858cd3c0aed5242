// Reads the configuration sections (3..12, 14, 15 and the compiled part of 2) after init() has checked
// the Lines section (lines-section.ts), against which every TTY a section names is checked.
// Order matters: scripts and rotaries before the lines and users that refer to them.

import { ImageStatus } from "./image";
import { scriptsLoad, scriptsReset } from "./scripts";
import { rotariesLoad, rotariesReset } from "./rotaries";
import { interfacesLoad, interfacesReset } from "./interfaces";
import { interfaceExtrasLoad, interfaceExtrasReset } from "./interface-extras";
import { interfaceCredentialsLoad, interfaceCredentialsReset } from "./interface-credentials";
import { globalsLoad, globalsReset } from "./globals";
import { aaaLoad, aaaReset } from "./aaa";
import { lineSettingsLoad, lineSettingsReset } from "./line-settings";
import { usersLoad, usersReset } from "./users";
import { dialRulesLoad, dialRulesReset } from "./dial-rules";
import { loginSettingsLoad, loginSettingsReset } from "./login";
import { addressPoolsLoad, addressPoolsReset } from "./address-pools";
import { lineExtrasLoad, lineExtrasReset } from "./line-extras";

let loaded: bool = false;

/** Forgets the configuration (a refused image must not leave the last one visible). */
export function configReset(): void {
  loaded = false;
  scriptsReset();
  rotariesReset();
  interfacesReset();
  interfaceCredentialsReset();
  globalsReset();
  aaaReset();
  lineSettingsReset();
  usersReset();
  dialRulesReset();
  loginSettingsReset();
  addressPoolsReset();
  interfaceExtrasReset();
  lineExtrasReset();
}

export function configLoad(): ImageStatus {
  configReset();
  if (!scriptsLoad()) return ImageStatus.BadSection;
  let s = rotariesLoad();
  if (s == ImageStatus.Ok) s = interfacesLoad();
  if (s == ImageStatus.Ok) s = interfaceCredentialsLoad();
  if (s == ImageStatus.Ok) s = globalsLoad();
  if (s == ImageStatus.Ok) s = aaaLoad();
  if (s == ImageStatus.Ok) s = lineSettingsLoad();
  if (s == ImageStatus.Ok) s = usersLoad();
  if (s == ImageStatus.Ok) s = dialRulesLoad();
  if (s == ImageStatus.Ok) s = loginSettingsLoad();
  if (s == ImageStatus.Ok) s = addressPoolsLoad();
  if (s == ImageStatus.Ok) s = interfaceExtrasLoad(); // after the interfaces it extends
  if (s == ImageStatus.Ok) s = lineExtrasLoad();
  if (s != ImageStatus.Ok) {
    configReset();
    return s;
  }
  loaded = true;
  return ImageStatus.Ok;
}

export function configLoaded(): bool {
  return loaded;
}
