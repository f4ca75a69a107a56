/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation CliStartRun($input: StartBenchmarkRunInput!) {\n    startBenchmarkRun(input: $input) {\n      run {\n        id\n        name\n      }\n    }\n  }\n": typeof types.CliStartRunDocument,
    "\n  mutation CliRerunRun($id: ID!) {\n    rerunBenchmarkRun(id: $id) {\n      run {\n        id\n        name\n      }\n    }\n  }\n": typeof types.CliRerunRunDocument,
    "\n  query CliWorkerJob($id: ID!, $image: String!, $namespace: String) {\n    benchmarkRun(id: $id) {\n      workers\n      workerJobManifest(image: $image, namespace: $namespace)\n    }\n  }\n": typeof types.CliWorkerJobDocument,
    "\n  subscription CliRunProgress($id: ID!) {\n    benchmarkRunProgress(runId: $id) {\n      runId\n      phase\n      status\n      level\n      levels\n      completedRequests\n      erroredRequests\n      elapsedSeconds\n      currentRps\n      ttftP95Ms\n      itlP95Ms\n      e2eP95Ms\n      message\n    }\n  }\n": typeof types.CliRunProgressDocument,
    "\n  query CliCompareRuns($b: ID!, $c: ID!) {\n    compareRuns(baselineId: $b, currentId: $c) {\n      table\n      result\n    }\n  }\n": typeof types.CliCompareRunsDocument,
    "\n  query CliCompareToBaseline($category: String!, $c: ID!) {\n    compareToBaseline(category: $category, currentId: $c) {\n      table\n      result\n      baseline {\n        id\n      }\n    }\n  }\n": typeof types.CliCompareToBaselineDocument,
    "\n  query CliSaturationReport($id: ID!) {\n    saturationReport(runId: $id) {\n      markdown\n      plots {\n        name\n        svg\n      }\n    }\n  }\n": typeof types.CliSaturationReportDocument,
    "\n  mutation CliIngestRun($id: ID!) {\n    ingestBenchmarkRun(runId: $id) {\n      inserted\n      updated\n    }\n  }\n": typeof types.CliIngestRunDocument,
    "\n  query CliListRuns($first: Int) {\n    benchmarkRuns(first: $first) {\n      edges {\n        node {\n          id\n          name\n          status\n          profileKind\n          createdAt\n          completedLevels\n        }\n      }\n    }\n  }\n": typeof types.CliListRunsDocument,
    "\n  query CliRunSummary($id: ID!, $confidence: Float) {\n    benchmarkRun(id: $id) {\n      id\n      summary(confidence: $confidence) {\n        table\n      }\n    }\n  }\n": typeof types.CliRunSummaryDocument,
    "\n  query CliRunLogs($id: ID!, $after: String) {\n    benchmarkRun(id: $id) {\n      id\n      status\n      logs(after: $after, first: 1000) {\n        cursor\n        at\n        severity\n        message\n        final\n      }\n    }\n  }\n": typeof types.CliRunLogsDocument,
    "\n  subscription CliFollowLogs($id: ID!) {\n    benchmarkRunLogs(runId: $id) {\n      cursor\n      at\n      severity\n      message\n      final\n    }\n  }\n": typeof types.CliFollowLogsDocument,
    "\n  query CliDatasetIndex {\n    benchmarkDatasetIndex\n  }\n": typeof types.CliDatasetIndexDocument,
    "\n  mutation CliSetBaseline($id: ID!, $category: String!) {\n    setBenchmarkBaseline(runId: $id, category: $category) {\n      category\n      setAt\n      run {\n        id\n        name\n      }\n    }\n  }\n": typeof types.CliSetBaselineDocument,
    "\n  query CliBaselines {\n    benchmarkBaselines {\n      category\n      setAt\n      run {\n        id\n        name\n        status\n      }\n    }\n  }\n": typeof types.CliBaselinesDocument,
    "\n  mutation CliImportBenchmarks($input: ImportBenchmarksInput!) {\n    importBenchmarks(input: $input) {\n      format\n      detected\n      dryRun\n      inserted\n      updated\n      warnings\n      configs {\n        modelHfRepo\n        hardware\n        hardwareCount\n        promptTokens\n        outputTokens\n        trafficProfile\n        inserts\n        updates\n      }\n      errors {\n        row\n        field\n        code\n        message\n      }\n    }\n  }\n": typeof types.CliImportBenchmarksDocument,
};
const documents: Documents = {
    "\n  mutation CliStartRun($input: StartBenchmarkRunInput!) {\n    startBenchmarkRun(input: $input) {\n      run {\n        id\n        name\n      }\n    }\n  }\n": types.CliStartRunDocument,
    "\n  mutation CliRerunRun($id: ID!) {\n    rerunBenchmarkRun(id: $id) {\n      run {\n        id\n        name\n      }\n    }\n  }\n": types.CliRerunRunDocument,
    "\n  query CliWorkerJob($id: ID!, $image: String!, $namespace: String) {\n    benchmarkRun(id: $id) {\n      workers\n      workerJobManifest(image: $image, namespace: $namespace)\n    }\n  }\n": types.CliWorkerJobDocument,
    "\n  subscription CliRunProgress($id: ID!) {\n    benchmarkRunProgress(runId: $id) {\n      runId\n      phase\n      status\n      level\n      levels\n      completedRequests\n      erroredRequests\n      elapsedSeconds\n      currentRps\n      ttftP95Ms\n      itlP95Ms\n      e2eP95Ms\n      message\n    }\n  }\n": types.CliRunProgressDocument,
    "\n  query CliCompareRuns($b: ID!, $c: ID!) {\n    compareRuns(baselineId: $b, currentId: $c) {\n      table\n      result\n    }\n  }\n": types.CliCompareRunsDocument,
    "\n  query CliCompareToBaseline($category: String!, $c: ID!) {\n    compareToBaseline(category: $category, currentId: $c) {\n      table\n      result\n      baseline {\n        id\n      }\n    }\n  }\n": types.CliCompareToBaselineDocument,
    "\n  query CliSaturationReport($id: ID!) {\n    saturationReport(runId: $id) {\n      markdown\n      plots {\n        name\n        svg\n      }\n    }\n  }\n": types.CliSaturationReportDocument,
    "\n  mutation CliIngestRun($id: ID!) {\n    ingestBenchmarkRun(runId: $id) {\n      inserted\n      updated\n    }\n  }\n": types.CliIngestRunDocument,
    "\n  query CliListRuns($first: Int) {\n    benchmarkRuns(first: $first) {\n      edges {\n        node {\n          id\n          name\n          status\n          profileKind\n          createdAt\n          completedLevels\n        }\n      }\n    }\n  }\n": types.CliListRunsDocument,
    "\n  query CliRunSummary($id: ID!, $confidence: Float) {\n    benchmarkRun(id: $id) {\n      id\n      summary(confidence: $confidence) {\n        table\n      }\n    }\n  }\n": types.CliRunSummaryDocument,
    "\n  query CliRunLogs($id: ID!, $after: String) {\n    benchmarkRun(id: $id) {\n      id\n      status\n      logs(after: $after, first: 1000) {\n        cursor\n        at\n        severity\n        message\n        final\n      }\n    }\n  }\n": types.CliRunLogsDocument,
    "\n  subscription CliFollowLogs($id: ID!) {\n    benchmarkRunLogs(runId: $id) {\n      cursor\n      at\n      severity\n      message\n      final\n    }\n  }\n": types.CliFollowLogsDocument,
    "\n  query CliDatasetIndex {\n    benchmarkDatasetIndex\n  }\n": types.CliDatasetIndexDocument,
    "\n  mutation CliSetBaseline($id: ID!, $category: String!) {\n    setBenchmarkBaseline(runId: $id, category: $category) {\n      category\n      setAt\n      run {\n        id\n        name\n      }\n    }\n  }\n": types.CliSetBaselineDocument,
    "\n  query CliBaselines {\n    benchmarkBaselines {\n      category\n      setAt\n      run {\n        id\n        name\n        status\n      }\n    }\n  }\n": types.CliBaselinesDocument,
    "\n  mutation CliImportBenchmarks($input: ImportBenchmarksInput!) {\n    importBenchmarks(input: $input) {\n      format\n      detected\n      dryRun\n      inserted\n      updated\n      warnings\n      configs {\n        modelHfRepo\n        hardware\n        hardwareCount\n        promptTokens\n        outputTokens\n        trafficProfile\n        inserts\n        updates\n      }\n      errors {\n        row\n        field\n        code\n        message\n      }\n    }\n  }\n": types.CliImportBenchmarksDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliStartRun($input: StartBenchmarkRunInput!) {\n    startBenchmarkRun(input: $input) {\n      run {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CliStartRun($input: StartBenchmarkRunInput!) {\n    startBenchmarkRun(input: $input) {\n      run {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliRerunRun($id: ID!) {\n    rerunBenchmarkRun(id: $id) {\n      run {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CliRerunRun($id: ID!) {\n    rerunBenchmarkRun(id: $id) {\n      run {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliWorkerJob($id: ID!, $image: String!, $namespace: String) {\n    benchmarkRun(id: $id) {\n      workers\n      workerJobManifest(image: $image, namespace: $namespace)\n    }\n  }\n"): (typeof documents)["\n  query CliWorkerJob($id: ID!, $image: String!, $namespace: String) {\n    benchmarkRun(id: $id) {\n      workers\n      workerJobManifest(image: $image, namespace: $namespace)\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CliRunProgress($id: ID!) {\n    benchmarkRunProgress(runId: $id) {\n      runId\n      phase\n      status\n      level\n      levels\n      completedRequests\n      erroredRequests\n      elapsedSeconds\n      currentRps\n      ttftP95Ms\n      itlP95Ms\n      e2eP95Ms\n      message\n    }\n  }\n"): (typeof documents)["\n  subscription CliRunProgress($id: ID!) {\n    benchmarkRunProgress(runId: $id) {\n      runId\n      phase\n      status\n      level\n      levels\n      completedRequests\n      erroredRequests\n      elapsedSeconds\n      currentRps\n      ttftP95Ms\n      itlP95Ms\n      e2eP95Ms\n      message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliCompareRuns($b: ID!, $c: ID!) {\n    compareRuns(baselineId: $b, currentId: $c) {\n      table\n      result\n    }\n  }\n"): (typeof documents)["\n  query CliCompareRuns($b: ID!, $c: ID!) {\n    compareRuns(baselineId: $b, currentId: $c) {\n      table\n      result\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliCompareToBaseline($category: String!, $c: ID!) {\n    compareToBaseline(category: $category, currentId: $c) {\n      table\n      result\n      baseline {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query CliCompareToBaseline($category: String!, $c: ID!) {\n    compareToBaseline(category: $category, currentId: $c) {\n      table\n      result\n      baseline {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliSaturationReport($id: ID!) {\n    saturationReport(runId: $id) {\n      markdown\n      plots {\n        name\n        svg\n      }\n    }\n  }\n"): (typeof documents)["\n  query CliSaturationReport($id: ID!) {\n    saturationReport(runId: $id) {\n      markdown\n      plots {\n        name\n        svg\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliIngestRun($id: ID!) {\n    ingestBenchmarkRun(runId: $id) {\n      inserted\n      updated\n    }\n  }\n"): (typeof documents)["\n  mutation CliIngestRun($id: ID!) {\n    ingestBenchmarkRun(runId: $id) {\n      inserted\n      updated\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliListRuns($first: Int) {\n    benchmarkRuns(first: $first) {\n      edges {\n        node {\n          id\n          name\n          status\n          profileKind\n          createdAt\n          completedLevels\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CliListRuns($first: Int) {\n    benchmarkRuns(first: $first) {\n      edges {\n        node {\n          id\n          name\n          status\n          profileKind\n          createdAt\n          completedLevels\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliRunSummary($id: ID!, $confidence: Float) {\n    benchmarkRun(id: $id) {\n      id\n      summary(confidence: $confidence) {\n        table\n      }\n    }\n  }\n"): (typeof documents)["\n  query CliRunSummary($id: ID!, $confidence: Float) {\n    benchmarkRun(id: $id) {\n      id\n      summary(confidence: $confidence) {\n        table\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliRunLogs($id: ID!, $after: String) {\n    benchmarkRun(id: $id) {\n      id\n      status\n      logs(after: $after, first: 1000) {\n        cursor\n        at\n        severity\n        message\n        final\n      }\n    }\n  }\n"): (typeof documents)["\n  query CliRunLogs($id: ID!, $after: String) {\n    benchmarkRun(id: $id) {\n      id\n      status\n      logs(after: $after, first: 1000) {\n        cursor\n        at\n        severity\n        message\n        final\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CliFollowLogs($id: ID!) {\n    benchmarkRunLogs(runId: $id) {\n      cursor\n      at\n      severity\n      message\n      final\n    }\n  }\n"): (typeof documents)["\n  subscription CliFollowLogs($id: ID!) {\n    benchmarkRunLogs(runId: $id) {\n      cursor\n      at\n      severity\n      message\n      final\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliDatasetIndex {\n    benchmarkDatasetIndex\n  }\n"): (typeof documents)["\n  query CliDatasetIndex {\n    benchmarkDatasetIndex\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliSetBaseline($id: ID!, $category: String!) {\n    setBenchmarkBaseline(runId: $id, category: $category) {\n      category\n      setAt\n      run {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CliSetBaseline($id: ID!, $category: String!) {\n    setBenchmarkBaseline(runId: $id, category: $category) {\n      category\n      setAt\n      run {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliBaselines {\n    benchmarkBaselines {\n      category\n      setAt\n      run {\n        id\n        name\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  query CliBaselines {\n    benchmarkBaselines {\n      category\n      setAt\n      run {\n        id\n        name\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliImportBenchmarks($input: ImportBenchmarksInput!) {\n    importBenchmarks(input: $input) {\n      format\n      detected\n      dryRun\n      inserted\n      updated\n      warnings\n      configs {\n        modelHfRepo\n        hardware\n        hardwareCount\n        promptTokens\n        outputTokens\n        trafficProfile\n        inserts\n        updates\n      }\n      errors {\n        row\n        field\n        code\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CliImportBenchmarks($input: ImportBenchmarksInput!) {\n    importBenchmarks(input: $input) {\n      format\n      detected\n      dryRun\n      inserted\n      updated\n      warnings\n      configs {\n        modelHfRepo\n        hardware\n        hardwareCount\n        promptTokens\n        outputTokens\n        trafficProfile\n        inserts\n        updates\n      }\n      errors {\n        row\n        field\n        code\n        message\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as Record<string, unknown>)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<unknown, never>> = TDocumentNode extends DocumentNode<infer TType, never> ? TType : never;