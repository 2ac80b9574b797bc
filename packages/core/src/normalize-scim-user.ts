import type { DirectoryUserEmail } from "./directory-user";

/** The SCIM enterprise User extension's schema URN (RFC 7643 §4.3). */
export const ENTERPRISE_USER_URN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/** A postal address in WorkOS's `custom_attributes.addresses` shape. */
export interface NormalizedAddress {
  type?: string;
  street_address?: string;
  locality?: string;
  region?: string;
  postal_code?: string;
  country?: string;
  /** SCIM `formatted`; WorkOS calls the full one-line address `raw_address`. */
  raw_address?: string;
  primary: boolean;
}

/** A phone number in WorkOS's `custom_attributes.phone_numbers` shape. */
export interface NormalizedPhoneNumber {
  value: string;
  type?: string;
  primary: boolean;
}

/** What a SCIM User resource means for dsync's normalized columns and `custom_attributes`. */
export interface NormalizedUserFields {
  username: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  state: "active" | "inactive";
  customAttributes: Record<string, unknown>;
  emails: DirectoryUserEmail[];
  jobTitle: string | null;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads an attribute by name, exactly first, then case-insensitively: RFC 7643 §2.1 makes
 * attribute names case-insensitive, and not every provider sends the canonical spelling.
 */
function get(obj: Json, name: string): unknown {
  if (Object.hasOwn(obj, name)) return obj[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(obj)) {
    if (key.toLowerCase() === lower) return obj[key];
  }
  return undefined;
}

/** A trimmed, non-empty string, or undefined. Numbers are accepted (employeeNumber: 1234). */
function str(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/**
 * SCIM booleans as providers really send them: Entra sends `"False"`/`"True"` strings in
 * PATCH values, so any case of "true"/"false" counts. Anything else is "not said".
 */
function bool(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    const v = value.trim().toLowerCase();
    if (v === "true") return true;
    if (v === "false") return false;
  }
  return undefined;
}

const EMAIL_LIKE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function looksLikeEmail(value: string | undefined): value is string {
  return value !== undefined && EMAIL_LIKE.test(value);
}

/** Multi-valued attributes (RFC 7643 §2.4) are arrays; a lone object is read as a one-item array. */
function list(value: unknown): Json[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

function normalizeEmails(value: unknown): DirectoryUserEmail[] {
  const out: DirectoryUserEmail[] = [];
  for (const item of list(value)) {
    const address = str(get(item, "value"));
    if (address === undefined) continue;
    const type = str(get(item, "type"));
    const email: DirectoryUserEmail = {
      primary: bool(get(item, "primary")) === true,
      value: address,
    };
    if (type !== undefined) email.type = type;
    out.push(email);
  }
  return out;
}

/** Primary first, then the first `work` address, then the first one (WorkOS's `email` rule). */
function pickEmail(emails: DirectoryUserEmail[]): string | undefined {
  return (
    emails.find((e) => e.primary)?.value ??
    emails.find((e) => e.type?.toLowerCase() === "work")?.value ??
    emails[0]?.value
  );
}

function normalizeAddresses(value: unknown): NormalizedAddress[] {
  const out: NormalizedAddress[] = [];
  for (const item of list(value)) {
    const address: NormalizedAddress = { primary: bool(get(item, "primary")) === true };
    const fields: [keyof NormalizedAddress, string][] = [
      ["type", "type"],
      ["street_address", "streetAddress"],
      ["locality", "locality"],
      ["region", "region"],
      ["postal_code", "postalCode"],
      ["country", "country"],
      ["raw_address", "formatted"],
    ];
    let any = false;
    for (const [to, from] of fields) {
      const v = str(get(item, from));
      if (v === undefined) continue;
      (address as unknown as Record<string, unknown>)[to] = v;
      if (to !== "type") any = true;
    }
    if (any) out.push(address);
  }
  return out;
}

function normalizePhoneNumbers(value: unknown): NormalizedPhoneNumber[] {
  const out: NormalizedPhoneNumber[] = [];
  for (const item of list(value)) {
    const number = str(get(item, "value"));
    if (number === undefined) continue;
    const type = str(get(item, "type"));
    const phone: NormalizedPhoneNumber = {
      value: number,
      primary: bool(get(item, "primary")) === true,
    };
    if (type !== undefined) phone.type = type;
    out.push(phone);
  }
  return out;
}

/**
 * The enterprise extension, read from its URN key (RFC 7643 §3.3) and, for robustness, from
 * flattened `urn:…:User:attr` keys some providers leave at the top level (Entra PATCH paths).
 * The nested object wins when both carry an attribute.
 */
function enterpriseExtension(resource: Json): Json {
  const out: Json = {};
  const prefix = `${ENTERPRISE_USER_URN}:`.toLowerCase();
  for (const [key, value] of Object.entries(resource)) {
    if (key.toLowerCase().startsWith(prefix)) out[key.slice(prefix.length)] = value;
  }
  const nested = get(resource, ENTERPRISE_USER_URN);
  if (isObject(nested)) Object.assign(out, nested);
  return out;
}

/** Splits "Ada Lovelace King" into "Ada" and "Lovelace King"; one word is a first name only. */
function splitName(full: string): [string, string | undefined] {
  const [first, ...rest] = full.split(/\s+/);
  return [first!, rest.length > 0 ? rest.join(" ") : undefined];
}

/**
 * Normalizes a SCIM User resource (canonical attribute names, booleans possibly still strings)
 * into dsync's columns and WorkOS-named `custom_attributes`.
 *
 * Decisions, each matching what WorkOS documents or the least surprising choice where it is silent:
 * - `email`: the `primary` email, else the first `type: "work"`, else the first; when the
 *   provider sends no emails but `userName` looks like an address (Okta and Entra default to the
 *   UPN), that. Null otherwise. `emails` is only what the provider sent: nothing is invented.
 * - `state`: `active` false (or "False") is inactive; absent or unreadable is active, because
 *   RFC 7643 §4.1.1 gives no default and every provider we know omits it only for live users.
 * - names: `name.givenName` / `name.familyName`. Only when neither is sent, `name.formatted`
 *   or else `displayName` is split at the first space (first word, rest), because providers
 *   that send no structured name (some generic SCIM clients) still send a display name.
 * - `username`: `userName` (required by RFC 7643 §4.1.1), else the email, else `externalId`,
 *   so the non-null column always has something stable to hold.
 * - `custom_attributes` use WorkOS's predefined attribute names and omit a key whose source is
 *   absent or empty, instead of emitting nulls: WorkOS's examples only carry mapped values, and
 *   omitting keeps `previous_attributes` free of churn between null and absent.
 */
export function normalizeScimUser(
  resource: Record<string, unknown>,
  externalId?: string,
): NormalizedUserFields {
  const enterprise = enterpriseExtension(resource);
  const userName = str(get(resource, "userName"));
  const emails = normalizeEmails(get(resource, "emails"));
  const email = pickEmail(emails) ?? (looksLikeEmail(userName) ? userName : undefined);

  const name = get(resource, "name");
  const nameObject = isObject(name) ? name : {};
  let firstName = str(get(nameObject, "givenName"));
  let lastName = str(get(nameObject, "familyName"));
  const displayName = str(get(resource, "displayName"));
  if (firstName === undefined && lastName === undefined) {
    const full = str(get(nameObject, "formatted")) ?? displayName;
    if (full !== undefined) [firstName, lastName] = splitName(full);
  }

  const jobTitle = str(get(resource, "title"));
  const username = userName ?? email ?? str(externalId) ?? "";

  const managerRaw = get(enterprise, "manager");
  // Entra sets the manager with a bare id string (PATCH value "…"); others send {value, displayName}.
  const manager = isObject(managerRaw) ? managerRaw : { value: managerRaw };
  const managerId = str(get(manager, "value"));

  const custom: Json = {};
  const put = (key: string, value: unknown) => {
    if (value === undefined) return;
    if (Array.isArray(value) && value.length === 0) return;
    custom[key] = value;
  };
  put("username", username === "" ? undefined : username);
  put("emails", emails);
  put("job_title", jobTitle);
  put("department_name", str(get(enterprise, "department")));
  put("division_name", str(get(enterprise, "division")));
  put("cost_center_name", str(get(enterprise, "costCenter")));
  put("employee_number", str(get(enterprise, "employeeNumber")));
  put("employee_type", str(get(resource, "userType")));
  put("organization", str(get(enterprise, "organization")));
  put("manager_id", managerId);
  put("manager_email", looksLikeEmail(managerId) ? managerId : undefined);
  put("manager_name", str(get(manager, "displayName")));
  put("display_name", displayName);
  put("addresses", normalizeAddresses(get(resource, "addresses")));
  put("phone_numbers", normalizePhoneNumbers(get(resource, "phoneNumbers")));

  return {
    username,
    email: email ?? null,
    firstName: firstName ?? null,
    lastName: lastName ?? null,
    state: bool(get(resource, "active")) === false ? "inactive" : "active",
    customAttributes: custom,
    emails,
    jobTitle: jobTitle ?? null,
  };
}

/** Normalizes a SCIM Group resource: its name is `displayName` (RFC 7643 §4.2, required). */
export function normalizeScimGroup(resource: Record<string, unknown>): { name: string } {
  return { name: str(get(resource, "displayName")) ?? "" };
}
