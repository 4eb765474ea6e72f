// cuzr_study — the Cu50Zr50 study as a program of its own (the same as `pelkit study`).
// Built with MPI as cuzr_study_mpi: `mpirun -np N cuzr_study_mpi --preset paper` spreads the
// samples over the ranks (round-robin); rank 0 does the analysis. docs/study.md.
#include "../pelkit/cli.hpp"
#include "study.hpp"

#ifdef PELKIT_STUDY_MPI
#include <mpi.h>
#endif

namespace pelkit::cli {
command study_command(const study::process_group& group);
}

int main(int argc, char** argv) {
  pelkit::study::process_group group;
#ifdef PELKIT_STUDY_MPI
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &group.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &group.size);
  group.all_ok = [](bool ok) {
    int mine = ok ? 1 : 0, all = 0;
    MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
    return all == 1;
  };
#endif
  const int rc = pelkit::cli::run_command(pelkit::cli::study_command(group), argc, argv, 1);
#ifdef PELKIT_STUDY_MPI
  MPI_Finalize();
#endif
  return rc;
}
