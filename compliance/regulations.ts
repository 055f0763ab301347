/**
 * The regulations the report maps the platform to, with their key dates.
 * Dates: CRA Art. 71 and DORA, NIS2 as summarised in the project's reference
 * notes (/work/shared/reference/supply-chain-and-validators.md, section 7,
 * checked Nov 2026); the Data Act's from EUR-Lex summaries (CELEX 32023R2854,
 * entry into force 11 Jan 2024, application 12 Sep 2025). Not legal advice.
 */
import type { Framework } from "../policies/catalog";

export interface KeyDate {
  date: string;
  what: string;
}

export interface RegulationInfo {
  framework: Framework;
  name: string;
  act: string;
  dates: readonly KeyDate[];
  scope: string;
}

/** How a report names each framework (the identifier `DataAct` is not how anyone writes it). */
export const FRAMEWORK_LABELS: Readonly<Record<Framework, string>> = { CRA: "CRA", NIS2: "NIS2", DORA: "DORA", DataAct: "Data Act" };

export const REGULATIONS: Readonly<Record<Framework, RegulationInfo>> = {
  CRA: {
    framework: "CRA",
    name: "Cyber Resilience Act",
    act: "Regulation (EU) 2024/2847",
    dates: [
      { date: "2024-12-10", what: "entered into force" },
      { date: "2026-09-11", what: "reporting obligations (Art. 14) apply" },
      { date: "2027-12-11", what: "applies in full" },
    ],
    scope:
      "Products with digital elements made available on the EU market. An internal platform may be out of scope; the controls still describe the same practices.",
  },
  NIS2: {
    framework: "NIS2",
    name: "NIS 2 Directive",
    act: "Directive (EU) 2022/2555",
    dates: [{ date: "2024-10-17", what: "transposition deadline for Member States" }],
    scope:
      "Essential and important entities, through the national law that transposes it; Art. 21(2) lists the minimum risk-management measures.",
  },
  DORA: {
    framework: "DORA",
    name: "Digital Operational Resilience Act",
    act: "Regulation (EU) 2022/2554, with the ICT risk-management RTS, Commission Delegated Regulation (EU) 2024/1774",
    dates: [{ date: "2025-01-17", what: "applies" }],
    scope: "Financial entities and their ICT systems supporting critical or important functions.",
  },
  DataAct: {
    framework: "DataAct",
    name: "Data Act",
    act: "Regulation (EU) 2023/2854",
    dates: [{ date: "2025-09-12", what: "applies (including switching between data processing services)" }],
    scope:
      "Providers and customers of data processing services: switching, data export and exit. Article numbers are not cited here (not in the project's checked notes).",
  },
};
