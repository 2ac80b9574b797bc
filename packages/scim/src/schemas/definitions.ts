/**
 * Attribute definitions of RFC 7643 §4 (User, Group) and §4.3 (Enterprise User), the single
 * source for canonical attribute names, types and case sensitivity. `/Schemas` is rendered
 * from these, and the filter, PATCH and projection code consult them.
 */

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

export type AttributeType =
  | "string"
  | "boolean"
  | "decimal"
  | "integer"
  | "dateTime"
  | "reference"
  | "complex";

export interface AttributeDef {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  required: boolean;
  caseExact: boolean;
  mutability: "readOnly" | "readWrite" | "immutable" | "writeOnly";
  returned: "always" | "never" | "default" | "request";
  uniqueness: "none" | "server" | "global";
  description: string;
  subAttributes?: AttributeDef[];
  canonicalValues?: string[];
  referenceTypes?: string[];
}

export interface SchemaDef {
  id: string;
  name: string;
  description: string;
  attributes: AttributeDef[];
}

type AttrOptions = Partial<Omit<AttributeDef, "name" | "type">>;

function attr(name: string, type: AttributeType, options: AttrOptions = {}): AttributeDef {
  return {
    name,
    type,
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: "readWrite",
    returned: "default",
    uniqueness: "none",
    description: "",
    ...options,
  };
}

/** The `type`/`primary`/`display`/`value` shape shared by most multi-valued attributes. */
function multiValued(
  name: string,
  description: string,
  valueType: AttributeType = "string",
  canonicalTypes: string[] = ["work", "home", "other"],
  extra: AttributeDef[] = [],
): AttributeDef {
  return attr(name, "complex", {
    multiValued: true,
    description,
    subAttributes: [
      attr("value", valueType, { description: `The ${name} value.` }),
      attr("display", "string", { description: "A human-readable name." }),
      attr("type", "string", {
        description: "A label for the value.",
        canonicalValues: canonicalTypes,
      }),
      attr("primary", "boolean", { description: "Whether this is the primary value." }),
      ...extra,
    ],
  });
}

const userAttributes: AttributeDef[] = [
  attr("userName", "string", {
    required: true,
    uniqueness: "server",
    description: "Unique identifier for the user, typically used to sign in.",
  }),
  attr("name", "complex", {
    description: "The components of the user's name.",
    subAttributes: [
      attr("formatted", "string", { description: "The full name, formatted for display." }),
      attr("familyName", "string", { description: "Family name." }),
      attr("givenName", "string", { description: "Given name." }),
      attr("middleName", "string", { description: "Middle name." }),
      attr("honorificPrefix", "string", { description: "Honorific prefix, such as Dr." }),
      attr("honorificSuffix", "string", { description: "Honorific suffix, such as III." }),
    ],
  }),
  attr("displayName", "string", { description: "Name for display." }),
  attr("nickName", "string", { description: "Casual name." }),
  attr("profileUrl", "reference", { referenceTypes: ["external"], description: "Profile URL." }),
  attr("title", "string", { description: "Job title." }),
  attr("userType", "string", { description: "Relationship to the organization." }),
  attr("preferredLanguage", "string", { description: "Preferred language (RFC 7231)." }),
  attr("locale", "string", { description: "Locale for localization." }),
  attr("timezone", "string", { description: "Time zone (IANA)." }),
  attr("active", "boolean", { description: "Whether the user is active." }),
  attr("password", "string", {
    mutability: "writeOnly",
    returned: "never",
    description: "Accepted and discarded: dsync never stores or returns passwords.",
  }),
  multiValued("emails", "Email addresses.", "string"),
  multiValued("phoneNumbers", "Phone numbers.", "string", [
    "work",
    "home",
    "mobile",
    "fax",
    "pager",
    "other",
  ]),
  multiValued("ims", "Instant messaging addresses.", "string", [
    "aim",
    "gtalk",
    "icq",
    "xmpp",
    "msn",
    "skype",
    "qq",
    "yahoo",
  ]),
  multiValued("photos", "Photo URLs.", "reference", ["photo", "thumbnail"]),
  attr("addresses", "complex", {
    multiValued: true,
    description: "Physical mailing addresses.",
    subAttributes: [
      attr("formatted", "string", { description: "Full address, formatted for display." }),
      attr("streetAddress", "string", { description: "Street address." }),
      attr("locality", "string", { description: "City or locality." }),
      attr("region", "string", { description: "State or region." }),
      attr("postalCode", "string", { description: "Postal code." }),
      attr("country", "string", { description: "Country (ISO 3166-1 alpha-2)." }),
      attr("type", "string", {
        description: "A label.",
        canonicalValues: ["work", "home", "other"],
      }),
      attr("primary", "boolean", { description: "Whether this is the primary address." }),
    ],
  }),
  attr("groups", "complex", {
    multiValued: true,
    mutability: "readOnly",
    description: "Groups the user belongs to, maintained through the Groups endpoint.",
    subAttributes: [
      attr("value", "string", { mutability: "readOnly", description: "Group id." }),
      attr("$ref", "reference", { mutability: "readOnly", description: "Group URI." }),
      attr("display", "string", { mutability: "readOnly", description: "Group name." }),
      attr("type", "string", { mutability: "readOnly", description: "direct or indirect." }),
    ],
  }),
  multiValued("entitlements", "Entitlements.", "string", []),
  multiValued("roles", "Roles.", "string", []),
  multiValued("x509Certificates", "Certificates.", "string", []),
];

const enterpriseAttributes: AttributeDef[] = [
  attr("employeeNumber", "string", { description: "Employee number." }),
  attr("costCenter", "string", { description: "Cost center." }),
  attr("organization", "string", { description: "Organization." }),
  attr("division", "string", { description: "Division." }),
  attr("department", "string", { description: "Department." }),
  attr("manager", "complex", {
    description: "The user's manager.",
    subAttributes: [
      attr("value", "string", { description: "The manager's id." }),
      attr("$ref", "reference", { description: "The manager's URI." }),
      attr("displayName", "string", { mutability: "readOnly", description: "The manager's name." }),
    ],
  }),
];

const groupAttributes: AttributeDef[] = [
  attr("displayName", "string", { required: true, description: "Name of the group." }),
  attr("members", "complex", {
    multiValued: true,
    description: "Members of the group.",
    subAttributes: [
      attr("value", "string", {
        mutability: "immutable",
        caseExact: true,
        description: "Member id.",
      }),
      attr("$ref", "reference", { mutability: "immutable", description: "Member URI." }),
      attr("display", "string", { mutability: "readOnly", description: "Member name." }),
      attr("type", "string", {
        mutability: "immutable",
        canonicalValues: ["User", "Group"],
        description: "Member type.",
      }),
    ],
  }),
];

/** Attributes every resource has (RFC 7643 §3.1); stored in columns, not in the resource body. */
export const COMMON_ATTRIBUTES: AttributeDef[] = [
  attr("id", "string", {
    caseExact: true,
    mutability: "readOnly",
    returned: "always",
    uniqueness: "server",
    description: "Service provider id.",
  }),
  attr("externalId", "string", { caseExact: true, description: "The provisioning client's id." }),
  attr("meta", "complex", {
    mutability: "readOnly",
    description: "Resource metadata.",
    subAttributes: [
      attr("resourceType", "string", {
        caseExact: true,
        mutability: "readOnly",
        description: "Resource type.",
      }),
      attr("created", "dateTime", { mutability: "readOnly", description: "Creation time." }),
      attr("lastModified", "dateTime", {
        mutability: "readOnly",
        description: "Last change time.",
      }),
      attr("location", "reference", {
        caseExact: true,
        mutability: "readOnly",
        description: "Resource URI.",
      }),
      attr("version", "string", {
        caseExact: true,
        mutability: "readOnly",
        description: "ETag version.",
      }),
    ],
  }),
];

export const SCHEMAS: Record<string, SchemaDef> = {
  [USER_SCHEMA]: {
    id: USER_SCHEMA,
    name: "User",
    description: "User Account",
    attributes: userAttributes,
  },
  [ENTERPRISE_USER_SCHEMA]: {
    id: ENTERPRISE_USER_SCHEMA,
    name: "EnterpriseUser",
    description: "Enterprise User",
    attributes: enterpriseAttributes,
  },
  [GROUP_SCHEMA]: {
    id: GROUP_SCHEMA,
    name: "Group",
    description: "Group",
    attributes: groupAttributes,
  },
};

export type ResourceKind = "User" | "Group";

export interface ResourceTypeDef {
  kind: ResourceKind;
  endpoint: "/Users" | "/Groups";
  schema: string;
  extensions: string[];
}

export const RESOURCE_TYPES: Record<ResourceKind, ResourceTypeDef> = {
  User: {
    kind: "User",
    endpoint: "/Users",
    schema: USER_SCHEMA,
    extensions: [ENTERPRISE_USER_SCHEMA],
  },
  Group: { kind: "Group", endpoint: "/Groups", schema: GROUP_SCHEMA, extensions: [] },
};

/** What an attribute path resolved against a resource type's schemas. */
export interface ResolvedAttribute {
  /** The schema that defines it (core or extension URN). */
  schema: string;
  /** True for extension attributes, which live under their URN key in the resource. */
  inExtension: boolean;
  /** Canonical name of the top-level attribute. */
  def: AttributeDef;
  /** Canonical sub-attribute, when the path names one. */
  subDef?: AttributeDef;
}

function findCaseInsensitive(
  defs: AttributeDef[] | undefined,
  name: string,
): AttributeDef | undefined {
  const lower = name.toLowerCase();
  return defs?.find((d) => d.name.toLowerCase() === lower);
}

/**
 * Resolves `attr` (and optional `sub`) case-insensitively (RFC 7643 §2.1) against the
 * resource type's core schema, its extensions and the common attributes. Returns undefined
 * for attributes no schema defines: those are kept as sent and compared as strings.
 */
export function resolveAttribute(
  kind: ResourceKind,
  path: { schema?: string; attr: string; sub?: string },
): ResolvedAttribute | undefined {
  const type = RESOURCE_TYPES[kind];
  const candidates = path.schema ? [path.schema] : [type.schema, ...type.extensions];
  for (const urn of candidates) {
    const canonicalUrn = [type.schema, ...type.extensions].find(
      (u) => u.toLowerCase() === urn.toLowerCase(),
    );
    if (!canonicalUrn) continue;
    const def = findCaseInsensitive(SCHEMAS[canonicalUrn]?.attributes, path.attr);
    if (!def) continue;
    const subDef = path.sub ? findCaseInsensitive(def.subAttributes, path.sub) : undefined;
    return {
      schema: canonicalUrn,
      inExtension: canonicalUrn !== type.schema,
      def,
      ...(subDef ? { subDef } : {}),
    };
  }
  if (!path.schema || path.schema.toLowerCase() === type.schema.toLowerCase()) {
    const def = findCaseInsensitive(COMMON_ATTRIBUTES, path.attr);
    if (def) {
      const subDef = path.sub ? findCaseInsensitive(def.subAttributes, path.sub) : undefined;
      return { schema: type.schema, inExtension: false, def, ...(subDef ? { subDef } : {}) };
    }
  }
  return undefined;
}

/** The canonical spelling of a schema URN this resource type knows, or undefined. */
export function canonicalSchemaUrn(kind: ResourceKind, urn: string): string | undefined {
  const type = RESOURCE_TYPES[kind];
  return [type.schema, ...type.extensions].find((u) => u.toLowerCase() === urn.toLowerCase());
}
