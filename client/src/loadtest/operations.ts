import { graphql } from '../gql/index.js';

export const BenchmarkRunsQuery = graphql(`
  query BenchmarkRuns($first: Int) {
    benchmarkRuns(first: $first) {
      totalCount
      edges {
        node {
          id
          name
          status
          targetModel
          targetUrl
          profileKind
          promptTokens
          outputTokens
          completedLevels
          createdAt
          finishedAt
          error
          tags
          gpuCount
          model {
            id
            hfRepo
          }
          gpu {
            id
            type
          }
        }
      }
    }
  }
`);

export const BenchmarkRunQuery = graphql(`
  query BenchmarkRun($id: ID!) {
    benchmarkRun(id: $id) {
      id
      name
      targetUrl
      targetModel
      profileKind
      promptTokens
      outputTokens
      tags
      createdAt
      gpuCount
      model {
        id
        hfRepo
      }
      gpu {
        id
        type
      }
    }
  }
`);

export const IngestBenchmarkRunMutation = graphql(`
  mutation IngestBenchmarkRun($runId: ID!) {
    ingestBenchmarkRun(runId: $runId) {
      inserted
      updated
    }
  }
`);

export const StartBenchmarkRunMutation = graphql(`
  mutation StartBenchmarkRun($recipeYaml: String!) {
    startBenchmarkRun(input: { recipeYaml: $recipeYaml }) {
      run {
        id
        name
        status
      }
    }
  }
`);

export const CancelBenchmarkRunMutation = graphql(`
  mutation CancelBenchmarkRun($id: ID!) {
    cancelBenchmarkRun(id: $id) {
      run {
        id
        status
      }
    }
  }
`);

export const BenchmarkRunProgressSubscription = graphql(`
  subscription BenchmarkRunProgress($runId: ID!) {
    benchmarkRunProgress(runId: $runId) {
      runId
      phase
      status
      level
      levels
      completedRequests
      erroredRequests
      elapsedSeconds
      currentRps
      ttftP95Ms
      itlP95Ms
      e2eP95Ms
      message
    }
  }
`);

export const SaturationReportQuery = graphql(`
  query SaturationReport($runId: ID!) {
    saturationReport(runId: $runId) {
      axis
      loadUnit
      rateUnit
      levels {
        level
        label
        loop
        analyzed
        offeredLoad
        achievedRps
        outputTokensPerSecond
        ttftP95
        itlP95
        e2eP95
        successRate
      }
      knee {
        level
        offeredLoad
        achievedRps
      }
      saturationPoint {
        level
        offeredLoad
        achievedRps
      }
      maxGoodput {
        level
        offeredLoad
        achievedRps
      }
      recommendedRange {
        minLoad
        maxLoad
      }
      notes
      plots {
        name
        svg
      }
    }
  }
`);

export const CompareRunsQuery = graphql(`
  query CompareRuns($baselineId: ID!, $currentId: ID!) {
    compareRuns(baselineId: $baselineId, currentId: $currentId) {
      result
      notes
      baseline {
        id
        name
      }
      current {
        id
        name
      }
      rows {
        metric
        unit
        baseline
        current
        delta
        changePercent
        status
        threshold
        significant
        pValue
      }
    }
  }
`);
