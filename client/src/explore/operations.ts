import { graphql } from '../gql/index.js';

export const ProfilesAndUseCasesQuery = graphql(`
  query ProfilesAndUseCases {
    trafficProfiles {
      id
      name
      description
      promptTokens
      outputTokens
      useCases {
        id
        key
        name
      }
    }
    useCases {
      id
      key
      name
      description
      experienceClass
      rationale
      slo {
        ttftP95Ms
        itlP95Ms
        e2eP95Ms
      }
      trafficProfile {
        id
        name
        promptTokens
        outputTokens
      }
    }
  }
`);

export const ModelsQuery = graphql(`
  query Models($first: Int!, $after: String, $search: String) {
    models(first: $first, after: $after, filter: { search: $search }) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          hfRepo
          family
          provider
          parameterCountB
          activeParameterCountB
          contextWindow
          qualityScore
          approved
          tasks
          license
          quantization
        }
      }
    }
  }
`);

export const GpusQuery = graphql(`
  query Gpus {
    gpus {
      id
      type
      vendor
      architecture
      vramGb
      fp16Tflops
      memoryBandwidthGbps
      hourlyPriceUsd
      availability
      prices {
        provider
        region
        hourlyUsd
        effectiveDate
      }
    }
  }
`);

export const CurveChoicesQuery = graphql(`
  query CurveChoices {
    models(first: 200) {
      edges {
        node {
          id
          hfRepo
          name
        }
      }
    }
    gpus {
      id
      type
    }
    trafficProfiles {
      id
      name
      promptTokens
      outputTokens
    }
  }
`);

export const BenchmarkCurveQuery = graphql(`
  query BenchmarkCurve($filter: BenchmarkFilter!) {
    benchmarks(filter: $filter, first: 50) {
      totalCount
      edges {
        node {
          id
          concurrency
          requestsPerSecond
          outputTokensPerSecond
          source
          ttft {
            p50
            p95
          }
          itl {
            p50
            p95
          }
          e2e {
            p50
            p95
          }
        }
      }
    }
  }
`);
