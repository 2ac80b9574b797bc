import { integrationConfig } from "@dsync/testing/vitest-config";

export default integrationConfig;
