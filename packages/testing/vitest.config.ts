import { integrationConfig } from "./vitest.shared";

export default integrationConfig;
