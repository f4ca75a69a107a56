import { graphql } from '../gql/index.js';

export const DeploymentMetricsSubscription = graphql(`
  subscription DeploymentMetrics($deploymentId: ID!, $window: Int) {
    deploymentMetrics(deploymentId: $deploymentId, window: $window) {
      deploymentId
      windowSeconds
      stepSeconds
      rateWindowSeconds
      updatedAt
      points {
        at
        pods
        requestsPerSecond
        perReplicaLoad
        running
        waiting
        kvCacheMean
        ttft {
          p95Ms
        }
        itl {
          p95Ms
        }
        e2e {
          p95Ms
        }
        predicted {
          ttftP95Ms
          itlP95Ms
          e2eP95Ms
        }
      }
      slo {
        metric
        targetMs
      }
      compliance {
        metric
        targetMs
        withinShare
        evaluated
        burnRate
      }
      drift {
        state
        reason
      }
      predictionBasis
      feedback
      scrapeErrors
    }
  }
`);

export const ConfigureObservationMutation = graphql(`
  mutation ConfigureObservation($deploymentId: ID!, $input: DeploymentObservationInput!) {
    configureDeploymentObservation(deploymentId: $deploymentId, input: $input) {
      deploymentId
      feedback
      slo {
        metric
        targetMs
      }
    }
  }
`);
